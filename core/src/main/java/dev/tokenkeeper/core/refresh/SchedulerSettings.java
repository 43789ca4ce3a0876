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
 */
public record SchedulerSettings(int maxConcurrent, int perProvider, Duration pollInterval, Duration idleAfterMiss) {

    public static final SchedulerSettings DEFAULT =
            new SchedulerSettings(32, 8, Duration.ofSeconds(2), Duration.ofMillis(200));

    public SchedulerSettings {
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(idleAfterMiss, "idleAfterMiss");
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
}
