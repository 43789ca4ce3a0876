package dev.tokenkeeper.core.webhook;

import java.time.Instant;
import java.util.Objects;

/**
 * One event for one endpoint.
 *
 * @param id             {@code wd_…}, the delivery's own id (for retry and listing)
 * @param messageId      the {@code webhook-id} header: {@code msg_…}, the same for every attempt of this delivery, and
 *                       derived from the event, so an event delivered again after an outage keeps it
 * @param eventType      e.g. {@code connection.needs_reauth}
 * @param body           the exact JSON body sent: {@code {"type","timestamp","data":{…}}}, never a token
 * @param nextAttemptAt  when it is tried next while pending, else null
 * @param lastStatusCode the HTTP status of the last attempt, or null (none yet, or no answer)
 * @param lastError      what the last failed attempt met, or null
 */
public record WebhookDelivery(String id, String endpointId, String messageId, String eventType, String body,
        Instant createdAt, DeliveryStatus status, int attempts, Instant nextAttemptAt, Integer lastStatusCode,
        String lastError) {
    public WebhookDelivery {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(status, "status");
    }
}
