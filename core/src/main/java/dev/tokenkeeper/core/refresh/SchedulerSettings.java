package dev.tokenkeeper.core.refresh;

import java.time.Duration;
import java.util.Objects;

/**
 * How the proactive refresh scheduler of one instance paces itself.
 *
 * @param maxConcurrent the most refreshes this instance runs at once
 * @param perProvider   the most refreshes of one provider this instance runs at once
 * @param pollInterval  the longest the scheduler sleeps before looking for due work again (other instances add
 *                      connections too)
 * @param idleAfterMiss how long it waits when due work exists but none could be claimed (other holders run it)
 * @param batchWait     how long a busy scheduler (fewer than a {@linkplain #claimBatch() batch} of slots free) waits
 *                      for a batch to free up before it claims again anyway: every claim walks past the due rows
 *                      under lease, so claiming for each slot that frees up would repeat that walk once per refresh
 */
public record SchedulerSettings(int maxConcurrent, int perProvider, Duration pollInterval, Duration idleAfterMiss,
        Duration batchWait) {

    /** The default {@link #batchWait}: short against the due-work lag it may add, long against a refresh. */
    public static final Duration DEFAULT_BATCH_WAIT = Duration.ofMillis(50);

    public static final SchedulerSettings DEFAULT =
            new SchedulerSettings(64, 8, Duration.ofSeconds(2), Duration.ofMillis(200));

    /** Settings with the {@linkplain #DEFAULT_BATCH_WAIT default batch wait}. */
    public SchedulerSettings(int maxConcurrent, int perProvider, Duration pollInterval, Duration idleAfterMiss) {
        this(maxConcurrent, perProvider, pollInterval, idleAfterMiss, DEFAULT_BATCH_WAIT);
    }

    public SchedulerSettings {
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(idleAfterMiss, "idleAfterMiss");
        Objects.requireNonNull(batchWait, "batchWait");
        if (batchWait.isNegative() || batchWait.compareTo(pollInterval) > 0) {
            throw new IllegalArgumentException("batchWait must be between zero and pollInterval");
        }
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("maxConcurrent must be at least 1");
        }
        if (perProvider < 1 || perProvider > maxConcurrent) {
            throw new IllegalArgumentException("perProvider must be between 1 and maxConcurrent (" + maxConcurrent
                    + ")");
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive");
        }
        if (idleAfterMiss.isNegative() || idleAfterMiss.isZero() || idleAfterMiss.compareTo(pollInterval) > 0) {
            throw new IllegalArgumentException("idleAfterMiss must be positive and at most pollInterval");
        }
    }

    /** How many free slots a busy scheduler waits for before it claims again: a quarter of them, at least one. */
    public int claimBatch() {
        return Math.max(1, maxConcurrent / 4);
    }
}
