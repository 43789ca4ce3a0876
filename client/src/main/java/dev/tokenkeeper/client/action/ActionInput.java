package dev.tokenkeeper.client.action;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Objects;

/**
 * A provider call to queue: the connection, method and path (below the provider's {@code api_base_url}), the raw
 * query, headers, a JSON {@code body} (or {@code bodyBase64} bytes), an {@code idempotencyKey} (with one, a
 * repeated create answers the first action, so the SDK may retry it) and {@code expiresIn} seconds.
 */
public record ActionInput(String connectionId, String method, String path, String query, Map<String, String> headers,
        JsonNode body, String bodyBase64, String idempotencyKey, Long expiresIn) {
    public ActionInput {
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        headers = headers == null ? null : Map.copyOf(headers);
    }

    /** A call of {@code method} on {@code path} with this JSON body (null: none). */
    public static ActionInput of(String connectionId, String method, String path, JsonNode body) {
        return new ActionInput(connectionId, method, path, null, null, body, null, null, null);
    }

    public ActionInput withIdempotencyKey(String idempotencyKey) {
        return new ActionInput(connectionId, method, path, query, headers, body, bodyBase64, idempotencyKey,
                expiresIn);
    }
}
