package dev.tokenkeeper.server.connection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenkeeper.core.port.TokenEndpoint;
import dev.tokenkeeper.core.port.TokenEndpointReply;
import dev.tokenkeeper.core.port.TokenRequest;
import dev.tokenkeeper.core.provider.ClientAuth;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.provider.RevocationStyle;
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
 * Revokes a grant at the provider, in the way its {@code revocation_style} says: RFC 7009's form or a JSON body with
 * the refresh token when there is one (which ends the whole grant), else the access token, and the provider's client
 * authentication; or the access token as a bearer token, which ends its grant (Dropbox, Slack). A bounded deadline.
 */
public final class Revocation {
    private static final Logger LOG = LoggerFactory.getLogger(Revocation.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<RevocationStyle, TokenRequest.Shape> SHAPES = Map.of(
            RevocationStyle.RFC7009, TokenRequest.Shape.FORM, RevocationStyle.JSON, TokenRequest.Shape.JSON,
            RevocationStyle.BEARER, TokenRequest.Shape.BEARER);
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

    /**
     * The token of a grant that ends it: the refresh token when there is one, else the access token; the access token
     * for a provider that takes it as a bearer token.
     */
    static Secret tokenOf(ProviderConfig provider, TokenSet tokens) {
        return byRefreshToken(provider, tokens) ? tokens.refreshToken() : tokens.accessToken();
    }

    /** The RFC 7009 {@code token_type_hint} of {@link #tokenOf}. */
    static String hintOf(ProviderConfig provider, TokenSet tokens) {
        return byRefreshToken(provider, tokens) ? "refresh_token" : "access_token";
    }

    private static boolean byRefreshToken(ProviderConfig provider, TokenSet tokens) {
        return tokens.refreshToken() != null && provider.revocationStyle() != RevocationStyle.BEARER;
    }

    /** Tries once to revoke {@code token} at the provider's revocation URL, which must be set. */
    Attempt attempt(ProviderConfig provider, Secret token, String hint) {
        RevocationStyle style = provider.revocationStyle();
        Map<String, String> params = new LinkedHashMap<>();
        if (style == RevocationStyle.RFC7009) {
            params.put("token_type_hint", hint);
        }
        TokenEndpointReply reply = endpoint.exchange(new TokenRequest(provider.revocationUrl(), null,
                Map.of("token", token), params, provider.clientId(), provider.clientSecret(),
                style == RevocationStyle.JSON ? ClientAuth.CLIENT_SECRET_BASIC : provider.clientAuth(),
                SHAPES.get(style)), deadline);
        if (reply instanceof TokenEndpointReply.HttpReply http && revoked(http)) {
            return new Attempt(true, null);
        }
        String what = reply instanceof TokenEndpointReply.HttpReply http
                ? "status " + http.status()
                : ((TokenEndpointReply.TransportFailure) reply).kind().name().toLowerCase(Locale.ROOT);
        LOG.warn("provider={} revocation failed: {}", provider.key(), what);
        return new Attempt(false, what);
    }

    /** A 2xx answer, unless its body says {@code "ok": false} (Slack answers every failure with a 200). */
    private static boolean revoked(TokenEndpointReply.HttpReply http) {
        if (http.status() < 200 || http.status() > 299) {
            return false;
        }
        try {
            JsonNode ok = JSON.readTree(http.body()).path("ok");
            return !ok.isBoolean() || ok.booleanValue();
        } catch (JsonProcessingException e) {
            return true;
        }
    }
}
