package dev.tokenkeeper.client.action;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * An action (never its request's headers or body): its state, attempts, why it has not succeeded ({@code error}) and
 * the provider's kept answer ({@code response}) once it got one.
 */
public record Action(String id, String connectionId, String provider, ActionState state, String method, String path,
        String query, String idempotencyKey, int attempts, Instant createdAt, Instant updatedAt, Instant expiresAt,
        Instant nextAttemptAt, Instant finishedAt, Failure error, Response response, Instant purgedAt) {
    public Action {
        Objects.requireNonNull(id, "id");
        state = state == null ? ActionState.UNKNOWN : state;
    }

    /** Why it has not succeeded (yet): a code ({@code connection_stale}, {@code provider_rejected}…) and cause. */
    public record Failure(String code, String cause, String message) {}

    /** The provider's answer: status, headers, and the JSON {@code body} or the {@code bodyBase64} bytes. */
    public record Response(int status, Map<String, String> headers, JsonNode body, String bodyBase64,
            boolean bodyTruncated) {
        public Response {
            headers = headers == null ? Map.of() : Map.copyOf(headers);
        }
    }
}
