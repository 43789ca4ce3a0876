package dev.tokenkeeper.core.port;

import java.time.Duration;
import java.util.Optional;

/** Grants at most one refresh holder per connection across every process sharing the store. */
public interface RefreshLease {

    /**
     * Takes the lease if it is free or has run out; empty while another holder's lease is live. Taking over a lease
     * that ran out after its holder marked an attempt started reports that attempt as interrupted, and keeps
     * reporting it to later holders until a commit under a lease (or a release) settles it.
     */
    Optional<Lease> tryAcquire(String connectionId, String holder, Duration ttl);

    /**
     * Records that the holder is about to send a refresh request, so that a successor can tell a crash after
     * sending (see {@link Lease#interruptedAttempt()}): a compare-and-set on the lease's fence, durable (committed and
     * on disk) when it returns true. Called immediately before the request leaves, never at claim time, so a claim
     * whose request never left is taken over without looking interrupted.
     *
     * @return false when the lease is no longer held (run out, or taken over): the holder must not send
     */
    boolean markAttemptStarted(Lease lease);

    /** Gives the lease up (a no-op when it was already taken over) and wakes waiters. */
    void release(Lease lease);

    /**
     * Blocks until the connection's lease is released or runs out, or at most {@code maxWait}.
     *
     * @return true when the lease is free now
     */
    boolean awaitRelease(String connectionId, Duration maxWait) throws InterruptedException;
}
