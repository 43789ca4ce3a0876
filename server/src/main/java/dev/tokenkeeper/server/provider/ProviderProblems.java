package dev.tokenkeeper.server.provider;

import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.provider.ConnectionConfigException;
import dev.tokenkeeper.core.provider.ProviderConfig;

import dev.tokenkeeper.core.provider.ProviderCatalog;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.server.http.ApiProblem;

/**
 * The problems every endpoint answers about a provider a request names but that cannot be used: a key of the wrong
 * form, a catalog provider not configured yet (with the call that configures it), a key no one knows.
 */
public final class ProviderProblems {
    /** What a provider key must look like, as a problem's detail says it after the field's name. */
    public static final String KEY_RULE =
            "must be a provider key: 1-63 characters of a-z, 0-9, '_' or '-', starting with a letter or digit";

    private ProviderProblems() {}

    /**
     * Why the provider named in {@code field} has no config: 400 {@code invalid_field} for a key of the wrong form or
     * one that neither the catalog nor the stored configs know, 409 {@code provider_not_configured} for a catalog
     * provider whose client credentials were never set.
     */
    public static ApiProblem notUsable(String field, String providerKey) {
        if (!ProviderConfig.isValidKey(providerKey)) {
            return ApiProblem.invalidField(field, KEY_RULE);
        }
        if (ProviderCatalog.builtIn().find(providerKey).isPresent()) {
            return notConfigured(providerKey).with("field", field);
        }
        return ApiProblem.invalidField(field, "names no configured provider ('" + providerKey + "'); GET /v1/providers"
                + " lists them, PUT /v1/providers/" + providerKey + " configures one");
    }

    /** 409 {@code provider_not_configured}: a catalog provider whose client credentials were never set. */
    public static ApiProblem notConfigured(String providerKey) {
        return ApiProblem.of(409, "provider_not_configured", "Provider not configured",
                "the provider '" + providerKey + "' is in the built-in catalog but not configured yet; configure it"
                        + " first: PUT /v1/providers/" + providerKey + " with client_id and client_secret")
                .with("provider", providerKey);
    }

    /**
     * The provider's config as the connection uses it, its URLs filled with the connection's {@code connection_config};
     * a 409 {@code connection_config_invalid} naming the setting when they cannot be filled.
     */
    public static ProviderConfig forConnection(ProviderConfig provider, Connection connection) {
        try {
            return provider.forConnection(connection.tokens().raw());
        } catch (ConnectionConfigException e) {
            throw ApiProblem.of(409, "connection_config_invalid", "Connection config invalid", e.getMessage()
                    + ": import the connection again with connection_config set").with("field",
                    "connection_config." + e.setting());
        }
    }
}
