package dev.tokenkeeper.client.webhook;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One event for one endpoint: {@code status} {@code pending} (tried again at {@code nextAttemptAt}),
 * {@code succeeded} or {@code failed}; {@code messageId} is its {@code webhook-id} header.
 */
public record WebhookDelivery(String id, String endpointId, String messageId, String eventType, String status,
        Instant nextAttemptAt, Instant createdAt, Integer lastStatusCode, String lastError, List<Attempt> attempts) {
    public WebhookDelivery {
        Objects.requireNonNull(id, "id");
        attempts = attempts == null ? List.of() : List.copyOf(attempts);
    }

    /** One try: the endpoint's status, or the error when no answer came, and how long it took. */
    public record Attempt(Instant at, Integer statusCode, String error, long durationMs) {}
}
