package dev.tokenkeeper.fake;

import com.sun.net.httpserver.HttpExchange;
import dev.tokenkeeper.fake.TokenOutcome.Rejected;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code POST /oauth/introspect} (RFC 7662) with client authentication, from the provider's real token state: a
 * refresh token is active while it works (live, or rotated but still within the reuse grace period, and its grant not
 * revoked), an access token while it is valid; rotated-away, capped, revoked, unknown and other clients' tokens are
 * {@code {"active":false}}. Switched off, the endpoint answers 404 as a provider without introspection does.
 */
final class IntrospectionHandler implements Route.Answerer {
    private final GrantRegistry registry;
    private final Clients clients;
    private final TokenGrants grants;
    private final QuirkScopes quirks;
    private final TokenResponses responses;
    private final InstantSource clock;
    private final AtomicBoolean enabled = new AtomicBoolean(true);
    private final LongAdder requests = new LongAdder();

    IntrospectionHandler(GrantRegistry registry, Clients clients, TokenGrants grants, QuirkScopes quirks,
            InstantSource clock) {
        this.registry = registry;
        this.clients = clients;
        this.grants = grants;
        this.quirks = quirks;
        this.responses = new TokenResponses(quirks);
        this.clock = clock;
    }

    void enable(boolean on) {
        enabled.set(on);
    }

    /** Requests received, also while switched off. */
    long requests() {
        return requests.sum();
    }

    @Override
    public HttpReply answer(HttpExchange exchange) throws IOException {
        requests.increment();
        if (!enabled.get()) {
            return HttpReply.json(404, Map.of("error", "not_found"));
        }
        TokenCall call = TokenCall.read(exchange, clock.instant(), registry);
        if (!call.formEncoded() || call.form().get("token") == null) {
            return responses.render(Rejected.invalidRequest("token is required, form-urlencoded"), call.clientId());
        }
        Clients.Check check = clients.authenticate(call.headers(), call.form());
        if (!check.authenticated()) {
            return responses.render(grants.rejectClient(check, call.grantId()), call.clientId());
        }
        return HttpReply.json(200, describe(call.form().get("token"), check.claimedClientId()));
    }

    private Map<String, Object> describe(String token, String clientId) {
        Instant now = clock.instant();
        Grant grant = registry.ofRefreshToken(token);
        if (grant != null && grant.clientId().equals(clientId)) {
            Duration grace = quirks.resolve(Quirk.REUSE_GRACE, clientId, grant.id());
            grant.lock().lock();
            try {
                Grant.RefreshTokenState state = grant.stateOf(token, now, grace);
                boolean works = state == Grant.RefreshTokenState.LIVE
                        || state == Grant.RefreshTokenState.WITHIN_GRACE;
                return works && !grant.isRevoked()
                        ? active(grant, "refresh_token", String.join(" ", new TreeSet<>(grant.scopes())), null)
                        : inactive();
            } finally {
                grant.lock().unlock();
            }
        }
        AccessToken accessToken = registry.accessToken(token);
        if (accessToken != null && accessToken.grant().clientId().equals(clientId) && accessToken.validAt(now)) {
            return active(accessToken.grant(), "access_token", accessToken.scope(), accessToken.expiresAt());
        }
        return inactive();
    }

    private static Map<String, Object> active(Grant grant, String tokenType, String scope, Instant expiresAt) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("active", true);
        body.put("client_id", grant.clientId());
        body.put("sub", grant.subject());
        body.put("scope", scope);
        body.put("token_type", tokenType);
        if (expiresAt != null) {
            body.put("exp", expiresAt.getEpochSecond());
        }
        return body;
    }

    private static Map<String, Object> inactive() {
        return Map.of("active", false);
    }
}
