package dev.tokenkeeper.client.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * A verified webhook: its {@code webhook-id} (the same for every retry of one event: deduplicate on it), the event
 * {@code type}, its {@code timestamp} and its {@code data}.
 */
public record WebhookEvent(String id, String type, Instant timestamp, JsonNode data) {
    public WebhookEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
    }
}
