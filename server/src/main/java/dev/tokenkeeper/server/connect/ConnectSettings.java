package dev.tokenkeeper.server.connect;

import dev.tokenkeeper.core.provider.ConnectionConfigException;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.token.TokenSet;
import dev.tokenkeeper.server.http.ApiProblem;
import java.util.Map;

/**
 * A connect session's per-connection settings ({@code connection_config}): the provider's authorization and token URLs
 * filled with them when the session starts and when its code is exchanged, and kept with the new connection's
 * credentials.
 */
final class ConnectSettings {
    private ConnectSettings() {}

    /**
     * The provider's config with its authorization and token URLs filled with {@code settings}.
     *
     * @throws ApiProblem {@code invalid_field} naming {@code connection_config.<name>} when one is unknown, breaks its
     *     rule, or is missing for those URLs
     */
    static ProviderConfig forAuthorization(ProviderConfig provider, Map<String, String> settings) {
        try {
            return provider.forConnectSession(settings);
        } catch (ConnectionConfigException e) {
            throw ApiProblem.invalidField("connection_config." + e.setting(), e.problem());
        }
    }

    /** The tokens a code exchange gave, with the session's settings kept beside the token response's fields. */
    static TokenSet kept(ProviderConfig provider, TokenSet tokens, Map<String, String> settings) {
        return settings.isEmpty() ? tokens : tokens.withRaw(provider.credentialsWith(tokens.raw(), settings));
    }
}
