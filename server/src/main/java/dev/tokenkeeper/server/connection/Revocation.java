package dev.tokenkeeper.server.connection;

import dev.tokenkeeper.core.port.TokenEndpoint;
import dev.tokenkeeper.core.port.TokenEndpointReply;
import dev.tokenkeeper.core.port.TokenRequest;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.token.TokenSet;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Revokes a grant at the provider (RFC 7009): the refresh token when there is one (which ends the whole grant),
 * else the access token, with the provider's client authentication and a bounded deadline.
 */
public final class Revocation {
    private static final Logger LOG = LoggerFactory.getLogger(Revocation.class);
    private final TokenEndpoint endpoint;
    private final Duration deadline;

    public Revocation(TokenEndpoint endpoint, Duration deadline) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.deadline = Objects.requireNonNull(deadline, "deadline");
    }

    /** What came of a revocation. */
    public enum Result {
        REVOKED, NOT_CONFIGURED, FAILED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Revokes the tokens' grant; never throws for what the network or the provider does. */
    public Result revoke(ProviderConfig provider, TokenSet tokens) {
        if (provider.revocationUrl() == null) {
            return Result.NOT_CONFIGURED;
        }
        boolean refresh = tokens.refreshToken() != null;
        Secret token = refresh ? tokens.refreshToken() : tokens.accessToken();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("token_type_hint", refresh ? "refresh_token" : "access_token");
        TokenEndpointReply reply = endpoint.exchange(new TokenRequest(provider.revocationUrl(), null,
                Map.of("token", token), params, provider.clientId(), provider.clientSecret(), provider.clientAuth()),
                deadline);
        if (reply instanceof TokenEndpointReply.HttpReply http && http.status() == 200) {
            return Result.REVOKED;
        }
        String what = reply instanceof TokenEndpointReply.HttpReply http
                ? "status " + http.status()
                : ((TokenEndpointReply.TransportFailure) reply).kind().name().toLowerCase(java.util.Locale.ROOT);
        LOG.warn("provider={} revocation failed: {}", provider.key(), what);
        return Result.FAILED;
    }
}
