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
 * @param interruptedAttemptAt when an earlier holder marked a refresh request started whose result was never
 *                             committed (it crashed, hung or failed after the mark), on the lease store's clock; null
 *                             when there was none. The refresh token may already be used up.
 */
public record Lease(String connectionId, long fence, String holder, Instant expiresAt, Instant interruptedAttemptAt) {
    public Lease {
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** True when an earlier holder marked its refresh request started and no result of it was committed. */
    public boolean interruptedAttempt() {
        return interruptedAttemptAt != null;
    }
}
