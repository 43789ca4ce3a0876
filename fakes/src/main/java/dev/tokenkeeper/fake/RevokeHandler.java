package dev.tokenkeeper.fake;

import com.sun.net.httpserver.HttpExchange;
import dev.tokenkeeper.fake.TokenOutcome.Rejected;
import java.io.IOException;
import java.time.InstantSource;
import java.util.Map;

/**
 * {@code POST /oauth/revoke} (RFC 7009): revoking a refresh token revokes its whole grant, revoking an access
 * token revokes only that token; unknown tokens and tokens of other clients are answered 200 and left alone.
 */
final class RevokeHandler implements Route.Answerer {
    private final GrantRegistry registry;
    private final Clients clients;
    private final TokenGrants grants;
    private final TokenResponses responses;
    private final InstantSource clock;

    RevokeHandler(GrantRegistry registry, Clients clients, TokenGrants grants, QuirkScopes quirks,
            InstantSource clock) {
        this.registry = registry;
        this.clients = clients;
        this.grants = grants;
        this.responses = new TokenResponses(quirks);
        this.clock = clock;
    }

    @Override
    public HttpReply answer(HttpExchange exchange) throws IOException {
        TokenCall call = TokenCall.read(exchange, clock.instant(), registry);
        if (!call.formEncoded() || call.form().get("token") == null) {
            return responses.render(Rejected.invalidRequest("token is required, form-urlencoded"), call.clientId());
        }
        Clients.Check check = clients.authenticate(call.headers(), call.form());
        if (!check.authenticated()) {
            return responses.render(grants.rejectClient(check, call.grantId()), call.clientId());
        }
        revoke(call.form().get("token"), check.claimedClientId());
        return HttpReply.empty(200, Map.of());
    }

    private void revoke(String token, String clientId) {
        Grant grant = registry.ofRefreshToken(token);
        if (grant != null && grant.clientId().equals(clientId)) {
            registry.revoke(grant, RevocationReason.REVOKED_BY_CLIENT);
            return;
        }
        AccessToken accessToken = registry.accessToken(token);
        if (accessToken != null && accessToken.grant().clientId().equals(clientId)) {
            registry.revokeAccessToken(accessToken);
        }
    }
}
