package dev.tokenkeeper.fake;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The resource API's token check and its plain endpoints, {@code GET /me} and {@code ANY /echo/**}; every request to
 * the resource API is counted.
 */
final class ResourceHandler {
    private static final String REALM = "Bearer realm=\"fake-provider\"";

    private final GrantRegistry registry;
    private final QuirkScopes quirks;
    private final InstantSource clock;
    private final AtomicLong requests = new AtomicLong();

    ResourceHandler(GrantRegistry registry, QuirkScopes quirks, InstantSource clock) {
        this.registry = registry;
        this.quirks = quirks;
        this.clock = clock;
    }

    HttpReply me(HttpExchange exchange) {
        return authorized(exchange, token -> HttpReply.json(200, Map.of(
                "grant_id", token.grant().id(), "sub", token.grant().subject(), "scope", token.scope())));
    }

    HttpReply echo(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return authorized(exchange, token -> {
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.putAll(exchange.getRequestHeaders());
            headers.remove("Authorization");
            Map<String, Object> echoed = new LinkedHashMap<>();
            echoed.put("grant_id", token.grant().id());
            echoed.put("method", exchange.getRequestMethod());
            echoed.put("path", exchange.getRequestURI().getRawPath());
            echoed.put("query", exchange.getRequestURI().getRawQuery());
            echoed.put("headers", headers);
            echoed.put("body", body);
            return HttpReply.json(200, echoed);
        });
    }

    /** The answer to a request without a valid Bearer access token, or null when it has one. */
    HttpReply refusal(HttpExchange exchange) {
        return authorized(exchange, token -> null);
    }

    long requests() {
        return requests.get();
    }

    /** Answers with {@code then} when the request carries a valid Bearer access token. */
    interface Authorized {
        HttpReply answer(AccessToken token);
    }

    HttpReply authorized(HttpExchange exchange, Authorized then) {
        requests.incrementAndGet();
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return HttpReply.json(401, Map.of("error", "invalid_request", "error_description", "Bearer token required"))
                    .withHeader("WWW-Authenticate", REALM);
        }
        AccessToken token = registry.accessToken(authorization.substring(7).trim());
        return token != null && token.validAt(clock.instant()) ? then.answer(token) : invalidToken(token);
    }

    private HttpReply invalidToken(AccessToken token) {
        String clientId = token == null ? null : token.grant().clientId();
        String grantId = token == null ? null : token.grant().id();
        String description = "The access token is invalid, expired or revoked";
        return switch (quirks.resolve(Quirk.INVALID_TOKEN_ANSWER, clientId, grantId)) {
            case UNAUTHORIZED -> HttpReply.json(401, Map.of("error", "invalid_token", "error_description", description))
                    .withHeader("WWW-Authenticate",
                            REALM + ", error=\"invalid_token\", error_description=\"" + description + "\"");
            case FORBIDDEN -> HttpReply.json(403, Map.of("error", "invalid_token", "error_description", description));
            case SLACK -> HttpReply.json(200, Map.of("ok", false, "error", "invalid_auth"));
        };
    }
}
