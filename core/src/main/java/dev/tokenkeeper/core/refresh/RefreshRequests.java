package dev.tokenkeeper.core.refresh;

import dev.tokenkeeper.core.port.TokenRequest;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.token.Secret;
import java.util.Map;

/** Builds the token requests Tokenkeeper sends (RFC 6749 §6). */
public final class RefreshRequests {

    public static final String REFRESH_TOKEN_GRANT = "refresh_token";

    private RefreshRequests() {}

    /** {@code grant_type=refresh_token} to the provider's refresh endpoint, with its extra refresh params. */
    public static TokenRequest refresh(ProviderConfig provider, Secret refreshToken) {
        return new TokenRequest(provider.refreshEndpoint(), REFRESH_TOKEN_GRANT,
                Map.of("refresh_token", refreshToken), provider.refreshParams(), provider.clientId(),
                provider.clientSecret(), provider.clientAuth());
    }
}
