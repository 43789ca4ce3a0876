package dev.tokenkeeper.core.webhook;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A receiver of webhooks, as {@code /v1/webhook-endpoints} shows it (its secrets are kept apart).
 *
 * @param id             {@code we_…}
 * @param url            where deliveries are POSTed
 * @param description    the user's note, or null
 * @param events         the event types it receives; empty means every type
 * @param enabled        false: no new deliveries are made for it and pending ones fail
 * @param disabledReason why it was disabled ({@code gone} after a 410, {@code failing} after 5 days of failures,
 *                       {@code user}), or null while enabled
 * @param disabledAt     when it was disabled, or null while enabled
 * @param failingSince   when its current run of failed attempts began, or null
 */
public record WebhookEndpoint(String id, URI url, String description, Set<String> events, boolean enabled,
        String disabledReason, Instant disabledAt, Instant failingSince, Instant createdAt, Instant updatedAt) {
    public WebhookEndpoint {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        events = events == null ? Set.of() : Set.copyOf(events);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (enabled) {
            disabledAt = null;
        }
    }

    /** An endpoint whose disabling time is not known to the caller (the store sets it when it disables one). */
    public WebhookEndpoint(String id, URI url, String description, Set<String> events, boolean enabled,
            String disabledReason, Instant failingSince, Instant createdAt, Instant updatedAt) {
        this(id, url, description, events, enabled, disabledReason, null, failingSince, createdAt, updatedAt);
    }

    /** True when it receives events of this type ({@code ping} always). */
    public boolean receives(String eventType) {
        return enabled && (events.isEmpty() || events.contains(eventType) || WebhookEventTypes.PING.equals(eventType));
    }
}
