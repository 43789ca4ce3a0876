package dev.tokenkeeper.fake;

import com.sun.net.httpserver.HttpExchange;
import dev.tokenkeeper.fake.TokenOutcome.Rejected;
import java.io.IOException;
import java.time.InstantSource;
import java.util.Map;

/**
 * {@code POST /oauth/revoke} (RFC 7009): revoking a refresh token revokes its whole grant, revoking an access
 * token revokes only that token; unknown tokens and tokens of other clients are answered 200 and left alone. The same
 * endpoint also takes the token in a JSON body {@code {"token": …}} with the client by HTTP Basic (Notion, Intuit),
 * and, with no body, an access token as {@code Authorization: Bearer} that revokes its whole grant (Dropbox, Slack).
 */
final class RevokeHandler implements Route.Answerer {
    private final GrantRegistry registry;
    private final Clients clients;
    private final TokenGrants grants;
    private final TokenResponses responses;
    private final QuirkScopes quirks;
    private final InstantSource clock;

    RevokeHandler(GrantRegistry registry, Clients clients, TokenGrants grants, QuirkScopes quirks,
            InstantSource clock) {
        this.registry = registry;
        this.clients = clients;
        this.grants = grants;
        this.responses = new TokenResponses(quirks);
        this.quirks = quirks;
        this.clock = clock;
    }

    @Override
    public HttpReply answer(HttpExchange exchange) throws IOException {
        TokenCall call = TokenCall.read(exchange, clock.instant(), registry);
        RevocationShape shape = shapeOf(call);
        RevocationShape expected = quirks.resolve(Quirk.REVOCATION_SHAPE, clientOf(call), null);
        if (expected != RevocationShape.ANY && expected != shape) {
            return responses.render(Rejected.invalidRequest("this endpoint takes the token as " + expected),
                    call.clientId());
        }
        if (shape == RevocationShape.BEARER) {
            return revokeBearer(call.bearerToken());
        }
        if (call.form().get("token") == null) {
            return responses.render(Rejected.invalidRequest("token is required, form-urlencoded or as JSON"),
                    call.clientId());
        }
        Clients.Check check = clients.authenticate(call.headers(), call.form());
        if (!check.authenticated()) {
            return responses.render(grants.rejectClient(check, call.grantId()), call.clientId());
        }
        revoke(call.form().get("token"), check.claimedClientId());
        return HttpReply.empty(200, Map.of());
    }

    private static RevocationShape shapeOf(TokenCall call) {
        if (call.bearerToken() != null && call.form().get("token") == null) {
            return RevocationShape.BEARER;
        }
        return call.formEncoded() ? RevocationShape.FORM : RevocationShape.JSON;
    }

    /** The client a revocation comes from: the one it claims, or the bearer token's. */
    private String clientOf(TokenCall call) {
        AccessToken bearer = call.bearerToken() == null ? null : registry.accessToken(call.bearerToken());
        return bearer != null ? bearer.grant().clientId() : call.clientId();
    }

    /** An access token revoking itself and its grant; an unknown or dead one is refused as the resource API would. */
    private HttpReply revokeBearer(String token) {
        AccessToken accessToken = registry.accessToken(token);
        if (accessToken == null || !accessToken.validAt(clock.instant())) {
            return HttpReply.json(401, Map.of("error", "invalid_token"));
        }
        registry.revoke(accessToken.grant(), RevocationReason.REVOKED_BY_CLIENT);
        return HttpReply.json(200, Map.of("ok", true, "revoked", true));
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
