package dev.tokenkeeper.server.connection;

import dev.tokenkeeper.core.port.TokenEndpoint;
import dev.tokenkeeper.core.port.TokenEndpointReply;
import dev.tokenkeeper.core.port.TokenRequest;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.token.TokenSet;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
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

    /**
     * One try at the provider: revoked, or what was met instead (a status or a transport failure, never a secret).
     *
     * @param failure null when revoked
     */
    public record Attempt(boolean revoked, String failure) {}

    /**
     * What a delete's answer says of the revocation: {@code revoked}, {@code pending} (kept as durable work, tried
     * again from {@code nextAttemptAt} until {@code giveUpAt}) or {@code not_supported} (no revocation URL).
     */
    public record Report(String state, Instant nextAttemptAt, Instant giveUpAt, String lastError) {
        static Report revoked() {
            return new Report("revoked", null, null, null);
        }

        static Report notSupported() {
            return new Report("not_supported", null, null, null);
        }
    }

    /** The token of a grant that ends it: the refresh token when there is one, else the access token. */
    static Secret tokenOf(TokenSet tokens) {
        return tokens.refreshToken() != null ? tokens.refreshToken() : tokens.accessToken();
    }

    /** The RFC 7009 {@code token_type_hint} of {@link #tokenOf}. */
    static String hintOf(TokenSet tokens) {
        return tokens.refreshToken() != null ? "refresh_token" : "access_token";
    }

    /** Tries once to revoke {@code token} at the provider's revocation URL, which must be set. */
    Attempt attempt(ProviderConfig provider, Secret token, String hint) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("token_type_hint", hint);
        TokenEndpointReply reply = endpoint.exchange(new TokenRequest(provider.revocationUrl(), null,
                Map.of("token", token), params, provider.clientId(), provider.clientSecret(), provider.clientAuth()),
                deadline);
        if (reply instanceof TokenEndpointReply.HttpReply http && http.status() == 200) {
            return new Attempt(true, null);
        }
        String what = reply instanceof TokenEndpointReply.HttpReply http
                ? "status " + http.status()
                : ((TokenEndpointReply.TransportFailure) reply).kind().name().toLowerCase(Locale.ROOT);
        LOG.warn("provider={} revocation failed: {}", provider.key(), what);
        return new Attempt(false, what);
    }
}
