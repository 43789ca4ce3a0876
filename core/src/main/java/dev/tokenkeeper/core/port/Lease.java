package dev.tokenkeeper.core.port;

import java.time.Instant;
import java.util.Objects;

/**
 * The right to refresh one connection until {@code expiresAt}, numbered by a fence that grows with every grant.
 *
 * @param connectionId       the connection leased
 * @param fence              strictly greater than every earlier lease's fence on this connection
 * @param holder             who holds it (instance and thread), for diagnostics
 * @param expiresAt          when the lease runs out, on the lease store's clock
 * @param interruptedAttempt true when the previous holder started a refresh request and never finished it
 *                           (it crashed or hung after sending): the refresh token may already be used up
 */
public record Lease(String connectionId, long fence, String holder, Instant expiresAt, boolean interruptedAttempt) {
    public Lease {
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
