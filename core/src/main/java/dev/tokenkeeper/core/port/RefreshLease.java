package dev.tokenkeeper.core.port;

import java.time.Duration;
import java.util.Optional;

/** Grants at most one refresh holder per connection across every process sharing the store. */
public interface RefreshLease {

    /**
     * Takes the lease if it is free or has run out; empty while another holder's lease is live. An attempt a holder
     * {@link #markAttemptStarted marked started} is reported as interrupted to every later holder until the store
     * commits a result under a lease: a lease that runs out, a release without that commit, or a successor that dies
     * before deciding never loses it.
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

    /**
     * Gives the lease up (a no-op when it was already taken over, or given up by a commit under it) and wakes
     * waiters; an attempt marked started and not settled by a commit stays reported (the request may have left).
     */
    void release(Lease lease);

    /**
     * Blocks until the connection's lease is released or runs out, or at most {@code maxWait}.
     *
     * @return true when the lease is free now
     */
    boolean awaitRelease(String connectionId, Duration maxWait) throws InterruptedException;
}
