package dev.tokenkeeper.core.refresh;

import dev.tokenkeeper.core.port.TokenRequest;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.token.Secret;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the token requests Tokenkeeper sends (RFC 6749 §6). */
public final class RefreshRequests {

    public static final String REFRESH_TOKEN_GRANT = "refresh_token";
    public static final String CLIENT_CREDENTIALS_GRANT = "client_credentials";

    private RefreshRequests() {}

    /** {@code grant_type=refresh_token} to the provider's refresh endpoint, with its extra refresh params. */
    public static TokenRequest refresh(ProviderConfig provider, Secret refreshToken) {
        return new TokenRequest(provider.refreshEndpoint(), REFRESH_TOKEN_GRANT,
                Map.of("refresh_token", refreshToken), provider.refreshParams(), provider.clientId(),
                provider.clientSecret(), provider.clientAuth());
    }

    /**
     * {@code grant_type=client_credentials} to the provider's token endpoint (RFC 6749 §4.4): its scopes joined by its
     * separator, and its extra refresh params (an {@code audience}, say); the client's own credentials are the grant.
     */
    public static TokenRequest clientCredentials(ProviderConfig provider) {
        Map<String, String> params = new LinkedHashMap<>(provider.refreshParams());
        if (!provider.scopes().isEmpty()) {
            params.put("scope", provider.scopeParameter());
        }
        return new TokenRequest(provider.tokenUrl(), CLIENT_CREDENTIALS_GRANT, Map.of(), params,
                provider.clientId(), provider.clientSecret(), provider.clientAuth());
    }
}
