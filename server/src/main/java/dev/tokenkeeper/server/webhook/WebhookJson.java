package dev.tokenkeeper.server.webhook;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.core.webhook.DeliveryAttempt;
import dev.tokenkeeper.core.webhook.WebhookDelivery;
import dev.tokenkeeper.core.webhook.WebhookEndpoint;
import dev.tokenkeeper.server.http.Json;
import java.time.Instant;
import java.util.List;

/** Webhook endpoints and deliveries as the API shows them: never a secret (create and rotate add it themselves). */
final class WebhookJson {
    private WebhookJson() {}

    static ObjectNode endpoint(WebhookEndpoint endpoint) {
        ObjectNode node = Json.object();
        node.put("id", endpoint.id());
        node.put("url", endpoint.url().toString());
        node.put("description", endpoint.description());
        ArrayNode events = node.putArray("events");
        endpoint.events().stream().sorted().forEach(events::add);
        node.put("enabled", endpoint.enabled());
        node.put("disabled_reason", endpoint.disabledReason());
        node.put("disabled_at", text(endpoint.disabledAt()));
        node.put("failing_since", text(endpoint.failingSince()));
        node.put("created_at", endpoint.createdAt().toString());
        node.put("updated_at", endpoint.updatedAt().toString());
        return node;
    }

    static ObjectNode delivery(WebhookDelivery delivery, List<DeliveryAttempt> attempts) {
        ObjectNode node = Json.object();
        node.put("id", delivery.id());
        node.put("endpoint_id", delivery.endpointId());
        node.put("message_id", delivery.messageId());
        node.put("event_type", delivery.eventType());
        node.put("status", delivery.status().wireName());
        node.put("next_attempt_at", text(delivery.nextAttemptAt()));
        node.put("created_at", delivery.createdAt().toString());
        node.put("last_status_code", delivery.lastStatusCode());
        node.put("last_error", delivery.lastError());
        ArrayNode tries = node.putArray("attempts");
        for (DeliveryAttempt attempt : attempts) {
            tries.addObject().put("at", attempt.at().toString()).put("status_code", attempt.statusCode())
                    .put("error", attempt.error()).put("duration_ms", attempt.duration().toMillis());
        }
        return node;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
