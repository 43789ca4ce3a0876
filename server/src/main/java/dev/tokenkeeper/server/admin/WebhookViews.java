package dev.tokenkeeper.server.admin;

import dev.tokenkeeper.core.webhook.DeliveryAttempt;
import dev.tokenkeeper.core.webhook.WebhookDelivery;
import dev.tokenkeeper.core.webhook.WebhookEndpoint;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** What the webhook pages show, as plain text the templates escape; never an endpoint's secret. */
public final class WebhookViews {
    private WebhookViews() {}

    /** {@code GET /admin/webhooks}: one page of endpoints and the cursor of the next. */
    public record ListPage(String csrfToken, String error, List<Endpoint> endpoints, String nextCursor) {
        public ListPage {
            Objects.requireNonNull(csrfToken, "csrfToken");
            endpoints = List.copyOf(endpoints);
        }
    }

    /** An endpoint as {@code GET /v1/webhook-endpoints/{id}} shows it (no secret). */
    public record Endpoint(String id, String url, String description, String events, boolean enabled,
            String disabled, String failingSince, String createdAt) {}

    /** {@code GET /admin/webhooks/{id}}: the endpoint and a page of its deliveries, newest first. */
    public record EndpointPage(String csrfToken, Endpoint endpoint, String status, String error,
            List<Delivery> deliveries, String nextCursor, String notice) {
        public EndpointPage {
            Objects.requireNonNull(csrfToken, "csrfToken");
            deliveries = List.copyOf(deliveries);
        }

        /** The query of the next page: the same filter and the cursor. */
        public String nextQuery() {
            return Forms.query("status", status, "cursor", nextCursor);
        }
    }

    /** A delivery with its attempts, oldest first. */
    public record Delivery(String id, String eventType, String status, String createdAt, String nextAttemptAt,
            List<String> attempts) {
        public Delivery {
            attempts = List.copyOf(attempts);
        }
    }

    static Endpoint endpoint(WebhookEndpoint endpoint) {
        String disabled = endpoint.enabled() ? "" : join(endpoint.disabledReason(), time(endpoint.disabledAt()));
        return new Endpoint(endpoint.id(), endpoint.url().toString(), text(endpoint.description()),
                String.join(", ", endpoint.events().stream().sorted().toList()), endpoint.enabled(), disabled,
                time(endpoint.failingSince()), time(endpoint.createdAt()));
    }

    static Delivery delivery(WebhookDelivery delivery, List<DeliveryAttempt> attempts) {
        return new Delivery(delivery.id(), delivery.eventType(), delivery.status().wireName(),
                time(delivery.createdAt()), time(delivery.nextAttemptAt()),
                attempts.stream().map(WebhookViews::attempt).toList());
    }

    /** One attempt in words: when, HTTP status or error, how long. */
    private static String attempt(DeliveryAttempt attempt) {
        return join(attempt.at().toString(), attempt.statusCode() == null ? null : "HTTP " + attempt.statusCode(),
                attempt.error(), attempt.duration().toMillis() + " ms");
    }

    private static String join(String... parts) {
        return String.join(" · ", java.util.Arrays.stream(parts).filter(p -> p != null && !p.isBlank()).toList());
    }

    private static String text(String text) {
        return text == null ? "" : text;
    }

    private static String time(Instant instant) {
        return instant == null ? "" : instant.toString();
    }
}
