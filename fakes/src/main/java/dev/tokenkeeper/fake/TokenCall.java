package dev.tokenkeeper.fake;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A request to the token or revocation endpoint as read off the wire, with the client it claims and the grant
 * its refresh token belongs to (both unverified, null if unknown).
 */
record TokenCall(Instant receivedAt, Headers headers, boolean formEncoded, Form form, String clientId, String grantId) {
    TokenCall {
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(form, "form");
    }

    static TokenCall read(HttpExchange exchange, Instant receivedAt, GrantRegistry registry) throws IOException {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        boolean formEncoded = contentType != null
                && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        boolean json = contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/json");
        Form form = formEncoded ? Form.parse(body) : json ? jsonToken(body) : Form.EMPTY;
        String clientId = Clients.claimedClientId(exchange.getRequestHeaders(), form);
        Grant grant = registry.ofRefreshToken(form.get("refresh_token"));
        return new TokenCall(receivedAt, exchange.getRequestHeaders(), formEncoded, form, clientId,
                grant == null ? null : grant.id());
    }

    /** A JSON body's {@code token} (Notion's and Intuit's revocation), as a form of that one parameter. */
    private static Form jsonToken(String body) {
        String token = Json.stringField(body, "token");
        return token == null ? Form.EMPTY : new Form(Map.of("token", token), Set.of());
    }

    /** The request's {@code Authorization: Bearer} token, or null. */
    String bearerToken() {
        String authorization = headers.getFirst("Authorization");
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).strip() : null;
    }

    String grantType() {
        return form.get("grant_type");
    }

    boolean isRefresh() {
        return "refresh_token".equals(grantType());
    }
}
