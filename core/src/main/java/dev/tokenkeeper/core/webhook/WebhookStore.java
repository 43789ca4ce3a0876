package dev.tokenkeeper.core.webhook;

import dev.tokenkeeper.core.token.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Webhook endpoints and their deliveries, stored durably. Deliveries of connection and provider events are created
 * by the store itself in the transaction that records the event (the outbox), for every enabled endpoint that
 * receives the type; they are claimed when due under a fenced lease, one endpoint's at a bounded concurrency. Endpoint
 * secrets are stored encrypted and bound to their endpoint.
 */
public interface WebhookStore {

    /** The secrets an endpoint signs with: the current one, and during a rotation the previous one until a time. */
    record SigningSecrets(Secret current, Secret previous, Instant previousUntil) {
        /** The secrets that sign at {@code now}, current first. */
        public List<Secret> at(Instant now) {
            return previous != null && previousUntil != null && now.isBefore(previousUntil)
                    ? List.of(current, previous) : List.of(current);
        }
    }

    /**
     * What a {@link #resend} did: how many deliveries it made due, and where the ones left beyond its limit begin
     * (the {@code createdAt} of the earliest, the {@code from} of the next call), or null when none are left.
     */
    record Resent(int count, Instant nextFrom) {
        public Resent {
            if (count < 0) {
                throw new IllegalArgumentException("count must not be negative");
            }
        }
    }

    /** A delivery claimed under a lease with this fence, with its endpoint as it was when claimed. */
    record Claimed(WebhookDelivery delivery, WebhookEndpoint endpoint, long fence) {}

    WebhookEndpoint createEndpoint(WebhookEndpoint endpoint, Secret secret);

    Optional<WebhookEndpoint> endpoint(String id);

    /** Endpoints in id order after {@code afterId} (null: from the start), at most {@code limit}. */
    List<WebhookEndpoint> endpoints(String afterId, int limit);

    /**
     * Replaces an endpoint's changeable fields ({@code url}, {@code description}, {@code events}, enabled state).
     * Disabling it fails its pending deliveries (as {@link #disableEndpoint} does); a change of its enabled state
     * clears {@code failingSince}, so an endpoint enabled again starts with a clean record; enabled, it has no
     * {@code disabledReason} nor {@code disabledAt}; disabled now, its {@code disabledAt} is the change's
     * {@code updatedAt}, and one disabled already keeps its reason and time.
     */
    Optional<WebhookEndpoint> updateEndpoint(WebhookEndpoint changed);

    boolean deleteEndpoint(String id);

    Optional<SigningSecrets> secrets(String endpointId);

    /** Makes {@code secret} the current one; the old one keeps signing until {@code previousUntil}. */
    boolean rotateSecret(String endpointId, Secret secret, Instant previousUntil);

    /** Adds a delivery of an event Tokenkeeper makes itself ({@code ping}) for one endpoint, due now. */
    WebhookDelivery enqueue(String endpointId, String eventType, String body, Instant now);

    /** Claims up to {@code limit} due deliveries, at most {@code perEndpoint} of one endpoint, for {@code ttl}. */
    List<Claimed> claimDue(String holder, Duration ttl, int limit, int perEndpoint);

    /**
     * Records a claimed delivery's attempt and what follows: {@code nextAttemptAt} non-null keeps it pending until
     * then, null ends it ({@code succeeded} for a 2xx, else {@code failed}); false when the lease was lost meanwhile.
     * A failed attempt starts the endpoint's {@code failingSince} (at the attempt's time) when unset; a delivered one
     * clears it.
     */
    boolean recordAttempt(Claimed claimed, DeliveryAttempt attempt, DeliveryStatus status, Instant nextAttemptAt);

    /** Disables an endpoint ({@code gone}, {@code failing}) since {@code now}; its pending deliveries fail. */
    void disableEndpoint(String endpointId, String reason, Instant now);

    Optional<WebhookDelivery> delivery(String deliveryId);

    /** An endpoint's deliveries, newest first, before {@code beforeId} (null: from the newest), at most limit. */
    List<WebhookDelivery> deliveries(String endpointId, DeliveryStatus status, String beforeId, int limit);

    /** A delivery's attempts, oldest first. */
    List<DeliveryAttempt> attempts(String deliveryId);

    /** Makes a delivery pending and due now (a retry by hand); false when it does not exist. */
    boolean retryNow(String deliveryId, Instant now);

    /**
     * Makes an endpoint's deliveries created in {@code [from, to)} that ended {@code failed} (and, with
     * {@code includeSucceeded}, {@code succeeded}) pending and due at {@code now}, oldest first, at most
     * {@code limit} of them; each keeps its id and message id (its {@code webhook-id}). Pending ones are left alone.
     */
    Resent resend(String endpointId, Instant from, Instant to, boolean includeSucceeded, int limit, Instant now);

    /**
     * Deletes deliveries (with their attempts) that ended {@code succeeded} or {@code failed} and were created before
     * {@code cutoff}, oldest first, at most {@code limit}; answers how many. Pending ones are never deleted.
     */
    int pruneEndedBefore(Instant cutoff, int limit);

    /** How long until the earliest pending delivery is due (zero when one is); empty when none is pending. */
    Optional<Duration> untilNextDue();
}
