package dev.tokenkeeper.core.action;

import java.time.Instant;
import java.util.Objects;

/**
 * One queued provider call and where it stands.
 *
 * @param id             {@code act_…}
 * @param connectionId   the connection whose token it uses
 * @param providerKey    the connection's provider when the action was created
 * @param sequence       grows with creation across the deployment: the order actions of one connection run in
 * @param state          where it stands
 * @param request        the call; null once purged after the retention period
 * @param idempotencyKey the caller's key, or null
 * @param fingerprint    {@link ActionRequest#fingerprint()} of the request (kept after a purge)
 * @param attempts       how many times a runner started sending it
 * @param createdAt      when it was created
 * @param updatedAt      its last change
 * @param expiresAt      when it expires if it has not finished
 * @param nextAttemptAt  when it is due while queued (or being run), else null
 * @param finishedAt     when it reached a final state, else null
 * @param response       the provider's answer to the last attempt that got one, or null
 * @param error          why it has not succeeded (held, retried, failed, expired), or null
 * @param purgedAt       when its request and response bodies were purged, else null
 */
public record Action(String id, String connectionId, String providerKey, long sequence, ActionState state,
        ActionRequest request, String idempotencyKey, String fingerprint, int attempts, Instant createdAt,
        Instant updatedAt, Instant expiresAt, Instant nextAttemptAt, Instant finishedAt, ActionResponse response,
        ActionError error, Instant purgedAt) {
    public Action {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(providerKey, "providerKey");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must not be negative");
        }
        if (request == null && purgedAt == null) {
            throw new IllegalArgumentException("an action has its request until it is purged");
        }
    }
}
