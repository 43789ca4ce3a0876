package dev.tokenkeeper.fake;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Shapes token-endpoint outcomes into HTTP answers according to the quirks in force. */
final class TokenResponses {
    private final QuirkScopes quirks;

    TokenResponses(QuirkScopes quirks) {
        this.quirks = quirks;
    }

    HttpReply render(TokenOutcome outcome, String clientId) {
        HttpReply reply = switch (outcome) {
            case TokenOutcome.Issued issued -> issued(issued, clientId);
            case TokenOutcome.Rejected rejected -> rejected(rejected, clientId);
        };
        return reply.withHeader("Cache-Control", "no-store").withHeader("Pragma", "no-cache");
    }

    private HttpReply issued(TokenOutcome.Issued issued, String clientId) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (style(clientId, issued.grantId()) == TokenErrorStyle.SLACK) {
            body.put("ok", true);
        }
        body.put("access_token", issued.accessToken().value());
        body.put("token_type", "Bearer");
        putExpiry(body, issued, quirks.resolve(Quirk.EXPIRES_STYLE, clientId, issued.grantId()));
        boolean omit = issued.refresh() && quirks.resolve(Quirk.OMIT_REFRESH_TOKEN, clientId, issued.grantId());
        if (issued.refreshToken() != null && !omit) {
            body.put("refresh_token", issued.refreshToken());
        }
        body.put("scope", issued.accessToken().scope());
        return HttpReply.json(200, body);
    }

    private static void putExpiry(Map<String, Object> body, TokenOutcome.Issued issued, ExpiresStyle style) {
        Duration lifetime = issued.lifetime();
        switch (style) {
            case SECONDS -> body.put("expires_in", lifetime.toSeconds());
            case SECONDS_STRING -> body.put("expires_in", Long.toString(lifetime.toSeconds()));
            case MILLISECONDS -> body.put("expires_in", lifetime.toMillis());
            case EXPIRES_FIELD -> body.put("expires", lifetime.toSeconds());
            case EXPIRES_AT -> body.put("expires_at", issued.accessToken().expiresAt().getEpochSecond());
            case MISSING -> { }
            case ZERO -> body.put("expires_in", 0);
        }
    }

    private HttpReply rejected(TokenOutcome.Rejected rejected, String clientId) {
        if (style(clientId, rejected.grantId()) == TokenErrorStyle.SLACK) {
            String error = "invalid_grant".equals(rejected.error()) ? "invalid_auth" : rejected.error();
            return HttpReply.json(200, Map.of("ok", false, "error", error));
        }
        HttpReply reply = HttpReply.json(rejected.status(),
                Map.of("error", rejected.error(), "error_description", rejected.description()));
        return rejected.status() == 401 ? reply.withHeader("WWW-Authenticate", "Basic realm=\"fake-provider\"") : reply;
    }

    private TokenErrorStyle style(String clientId, String grantId) {
        return quirks.resolve(Quirk.TOKEN_ERROR_STYLE, clientId, grantId);
    }
}
