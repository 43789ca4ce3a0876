package dev.tokenkeeper.core.action;

import java.time.Instant;
import java.util.Objects;

/**
 * An action to create. Whether it starts {@code queued} or {@code held} is decided by the store, atomically with the
 * connection's state, so a reconnect racing the creation cannot leave it held.
 *
 * @param id             {@code act_…}, chosen by the caller of the store
 * @param idempotencyKey null, or the caller's key: a second creation with it answers the first action
 * @param createdAt      now
 * @param expiresAt      after {@code createdAt}
 */
public record NewAction(String id, String connectionId, ActionRequest request, String idempotencyKey,
        Instant createdAt, Instant expiresAt) {
    public NewAction {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (!expiresAt.isAfter(createdAt)) {
            throw new IllegalArgumentException("expiresAt must be after createdAt");
        }
    }
}
