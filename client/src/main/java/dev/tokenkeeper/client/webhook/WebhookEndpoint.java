package dev.tokenkeeper.client.webhook;

import dev.tokenkeeper.client.Secret;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A webhook endpoint, with its signing {@code secret} only in the answer to its creation and {@code deleted} only
 * in the answer to a delete (empty {@code events}: every type).
 */
public record WebhookEndpoint(String id, URI url, String description, List<String> events, boolean enabled,
        String disabledReason, Instant disabledAt, Instant failingSince, Instant createdAt, Instant updatedAt,
        Secret secret, boolean deleted) {
    public WebhookEndpoint {
        Objects.requireNonNull(id, "id");
        events = events == null ? List.of() : List.copyOf(events);
    }
}
