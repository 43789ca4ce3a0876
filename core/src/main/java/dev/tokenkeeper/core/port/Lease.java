package dev.tokenkeeper.core.port;

import java.time.Instant;
import java.util.Objects;

/**
 * The right to refresh one connection until {@code expiresAt}, numbered by a fence that grows with every grant.
 *
 * @param connectionId         the connection leased
 * @param fence                strictly greater than every earlier lease's fence on this connection id, also on a
 *                             connection deleted and created again with that id
 * @param holder               who holds it (instance and thread), for diagnostics
 * @param expiresAt            when the lease runs out, on the lease store's clock
 * @param interruptedAttemptAt when the previous holder started a refresh request that it never finished (it
 *                             crashed or hung after sending), on the lease store's clock; null when there was none.
 *                             The refresh token may already be used up.
 */
public record Lease(String connectionId, long fence, String holder, Instant expiresAt, Instant interruptedAttemptAt) {
    public Lease {
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** True when the previous holder died (or hung) after sending its refresh request. */
    public boolean interruptedAttempt() {
        return interruptedAttemptAt != null;
    }
}
