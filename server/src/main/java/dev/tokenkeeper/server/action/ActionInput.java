package dev.tokenkeeper.server.action;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.core.action.ActionRequest;
import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.server.connection.ConnectionService;
import dev.tokenkeeper.server.http.ApiProblem;
import dev.tokenkeeper.server.http.Fields;
import dev.tokenkeeper.server.http.Json;
import dev.tokenkeeper.server.proxy.ProviderCalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A {@code POST /v1/actions} body, checked field by field before anything is stored: the method (an HTTP token, not
 * TRACE or CONNECT), the path and query (by the proxy's target rules once the provider is known), the headers (names
 * the proxy would send on, values of visible ASCII), the body ({@code body} as JSON or {@code body_base64}, at most
 * the proxy's replayable size), the idempotency key and the lifetime. Every refusal names its field.
 *
 * @param connectionId   the connection
 * @param request        the call (path and query still to be judged against the provider's {@code api_base_url})
 * @param idempotencyKey the caller's key, or null
 * @param lifetime       how long the action may wait before it expires
 */
record ActionInput(String connectionId, ActionRequest request, String idempotencyKey, Duration lifetime) {
    static final Duration DEFAULT_LIFETIME = Duration.ofDays(7);
    static final Duration MAX_LIFETIME = Duration.ofDays(30);
    static final int MAX_PATH = 2048;
    static final int MAX_QUERY = 8192;
    static final int MAX_HEADERS = 64;
    static final int MAX_HEADER_VALUE = 8192;
    static final int MAX_KEY = 255;
    private static final Set<String> FIELDS = Set.of("connection_id", "method", "path", "query", "headers", "body",
            "body_base64", "idempotency_key", "expires_in");
    private static final Set<String> REFUSED_METHODS = Set.of("TRACE", "CONNECT");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");
    private static final Pattern VALUE = Pattern.compile("[\\x20-\\x7e\\t]*");
    private static final Pattern KEY = Pattern.compile("[\\x20-\\x7e]{1," + MAX_KEY + "}");
    private static final String CONTENT_TYPE = "content-type";

    /** Reads and checks {@code node}; {@code maxBodyBytes} bounds the decoded body. */
    static ActionInput read(ObjectNode node, int maxBodyBytes) {
        Fields fields = Fields.of(node, FIELDS);
        String connectionId = fields.requiredMatching("connection_id", Connection::isValidId,
                "must be a connection id: " + ConnectionService.ID_FORM);
        String method = method(node.get("method"));
        String path = text(node, "path", MAX_PATH, true);
        if (!path.startsWith("/")) {
            throw ApiProblem.invalidField("path", "must start with '/' (it is relative to the provider's"
                    + " api_base_url)");
        }
        String query = text(node, "query", MAX_QUERY, false);
        Map<String, List<String>> headers = headers(node.get("headers"));
        byte[] body = body(node, headers, maxBodyBytes);
        String key = fields.optionalMatching("idempotency_key", k -> KEY.matcher(k).matches() && !k.isBlank(),
                "must be 1 to " + MAX_KEY + " printable ASCII characters, not all blank");
        return new ActionInput(connectionId, new ActionRequest(method, path, query, headers, body), key,
                lifetime(node.get("expires_in")));
    }

    private static String method(JsonNode value) {
        if (value == null || value.isNull()) {
            throw ApiProblem.invalidField("method", "is required");
        }
        if (!value.isTextual() || !TOKEN.matcher(value.textValue()).matches()) {
            throw ApiProblem.invalidField("method", "must be an HTTP method such as GET, POST, PUT, PATCH or DELETE");
        }
        String method = value.textValue().toUpperCase(Locale.ROOT);
        if (REFUSED_METHODS.contains(method)) {
            throw ApiProblem.invalidField("method", "must not be TRACE or CONNECT (never sent to a provider)");
        }
        return method;
    }

    private static String text(ObjectNode node, String name, int max, boolean required) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            if (required) {
                throw ApiProblem.invalidField(name, "is required");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw ApiProblem.invalidField(name, "must be a string");
        }
        String text = value.textValue();
        if (text.length() > max) {
            throw ApiProblem.invalidField(name, "must be at most " + max + " characters");
        }
        if (!required && text.startsWith("?")) {
            throw ApiProblem.invalidField(name, "must be the raw query without its leading '?'");
        }
        return !required && text.isEmpty() ? null : text;
    }

    private static Map<String, List<String>> headers(JsonNode value) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        if (value == null || value.isNull()) {
            return headers;
        }
        if (!value.isObject()) {
            throw ApiProblem.invalidField("headers", "must be a JSON object of header names to string values");
        }
        if (value.size() > MAX_HEADERS) {
            throw ApiProblem.invalidField("headers", "must have at most " + MAX_HEADERS + " entries");
        }
        for (Map.Entry<String, JsonNode> header : value.properties()) {
            String name = header.getKey();
            if (!TOKEN.matcher(name).matches()) {
                throw ApiProblem.invalidField("headers", "has a header name that is not an HTTP token of at most 64"
                        + " characters");
            }
            String field = "headers." + name;
            if (!ProviderCalls.isSendableHeader(name)) {
                throw ApiProblem.invalidField(field, "is never sent to a provider (Authorization is the connection's"
                        + " token; Host, Content-Length, Expect, hop-by-hop and Tokenkeeper-* headers are set by"
                        + " Tokenkeeper)");
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (headers.containsKey(lower)) {
                throw ApiProblem.invalidField(field, "is given twice (header names are case-insensitive)");
            }
            JsonNode text = header.getValue();
            if (!text.isTextual() || text.textValue().length() > MAX_HEADER_VALUE
                    || !VALUE.matcher(text.textValue()).matches()) {
                throw ApiProblem.invalidField(field, "must be a string of at most " + MAX_HEADER_VALUE
                        + " visible ASCII characters, spaces or tabs");
            }
            headers.put(lower, List.of(text.textValue().strip()));
        }
        return headers;
    }

    private static byte[] body(ObjectNode node, Map<String, List<String>> headers, int maxBytes) {
        JsonNode json = node.get("body");
        JsonNode base64 = node.get("body_base64");
        boolean hasJson = json != null && !json.isNull();
        boolean hasBase64 = base64 != null && !base64.isNull();
        if (hasJson && hasBase64) {
            throw ApiProblem.invalidField("body_base64", "must not be given with body: send one of them");
        }
        byte[] body;
        String field;
        if (hasJson) {
            field = "body";
            body = jsonBytes(json);
            headers.putIfAbsent(CONTENT_TYPE, List.of(Json.MEDIA_TYPE));
        } else if (hasBase64) {
            field = "body_base64";
            if (!base64.isTextual()) {
                throw ApiProblem.invalidField(field, "must be a base64 string");
            }
            try {
                body = Base64.getDecoder().decode(base64.textValue());
            } catch (IllegalArgumentException e) {
                throw ApiProblem.invalidField(field, "must be standard base64 (RFC 4648 section 4, with padding)");
            }
            if (!headers.containsKey(CONTENT_TYPE)) {
                throw ApiProblem.invalidField("headers", "must hold Content-Type when body_base64 is given");
            }
        } else {
            return new byte[0];
        }
        if (body.length > maxBytes) {
            throw ApiProblem.invalidField(field, "must be at most " + maxBytes + " bytes");
        }
        return body;
    }

    private static byte[] jsonBytes(JsonNode json) {
        try {
            return Json.mapper().writeValueAsString(json).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ApiProblem.invalidField("body", "could not be written as JSON");
        }
    }

    private static Duration lifetime(JsonNode value) {
        if (value == null || value.isNull()) {
            return DEFAULT_LIFETIME;
        }
        if (!value.canConvertToLong() || !value.isIntegralNumber() || value.longValue() < 1
                || value.longValue() > MAX_LIFETIME.toSeconds()) {
            throw ApiProblem.invalidField("expires_in", "must be a whole number of seconds from 1 to "
                    + MAX_LIFETIME.toSeconds() + " (30 days)");
        }
        return Duration.ofSeconds(value.longValue());
    }
}
