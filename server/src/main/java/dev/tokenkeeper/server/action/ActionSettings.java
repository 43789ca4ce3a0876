package dev.tokenkeeper.server.action;

import java.time.Duration;
import java.util.Objects;

/**
 * How actions run.
 *
 * @param retention      {@code TOKENKEEPER_ACTION_RETENTION}: how long a finished action keeps its request and
 *                       response bodies (default 30 days)
 * @param concurrency    {@code TOKENKEEPER_ACTION_CONCURRENCY}: the most actions one instance sends at once
 *                       (default 16)
 * @param firstBackoff   the longest wait before the first retry (full jitter: a random wait up to it), doubling after
 *                       each attempt
 * @param maxBackoff     the ceiling of the doubling, and of a provider's {@code Retry-After}
 * @param housekeeping   how often expired actions are ended and old bodies purged
 * @param lease          how long a claimed action's lease lasts unless renewed: the actions of a runner that died are
 *                       taken over after about this long; a live runner renews it every third of it
 */
public record ActionSettings(Duration retention, int concurrency, Duration firstBackoff, Duration maxBackoff,
        Duration housekeeping, Duration lease) {
    public static final String RETENTION = "TOKENKEEPER_ACTION_RETENTION";
    public static final String CONCURRENCY = "TOKENKEEPER_ACTION_CONCURRENCY";
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);
    public static final int DEFAULT_CONCURRENCY = 16;
    /** The most actions one instance may be asked to send at once. */
    public static final int MAX_CONCURRENCY = 1024;
    public static final ActionSettings DEFAULT = new ActionSettings(DEFAULT_RETENTION, DEFAULT_CONCURRENCY,
            Duration.ofSeconds(5), Duration.ofHours(1), Duration.ofSeconds(30), Duration.ofSeconds(30));

    public ActionSettings {
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(firstBackoff, "firstBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(housekeeping, "housekeeping");
        Objects.requireNonNull(lease, "lease");
        if (!retention.isPositive() || !firstBackoff.isPositive() || maxBackoff.compareTo(firstBackoff) < 0
                || !housekeeping.isPositive() || lease.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("durations must be positive, maxBackoff at least firstBackoff and the"
                    + " lease at least 1 s");
        }
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            throw new IllegalArgumentException("concurrency must be from 1 to " + MAX_CONCURRENCY);
        }
    }

    public ActionSettings withRetention(Duration newRetention) {
        return new ActionSettings(newRetention, concurrency, firstBackoff, maxBackoff, housekeeping, lease);
    }

    public ActionSettings withConcurrency(int newConcurrency) {
        return new ActionSettings(retention, newConcurrency, firstBackoff, maxBackoff, housekeeping, lease);
    }

    /** Other backoff bounds (tests shorten them). */
    public ActionSettings withBackoff(Duration first, Duration max) {
        return new ActionSettings(retention, concurrency, first, max, housekeeping, lease);
    }

    public ActionSettings withHousekeeping(Duration every) {
        return new ActionSettings(retention, concurrency, firstBackoff, maxBackoff, every, lease);
    }

    /** Another lease (tests shorten it to see a dead runner's actions taken over, or a slow one's renewed). */
    public ActionSettings withLease(Duration newLease) {
        return new ActionSettings(retention, concurrency, firstBackoff, maxBackoff, housekeeping, newLease);
    }

    /** How often a runner renews the leases of the actions it runs: a third of the lease. */
    public Duration renewEvery() {
        return lease.dividedBy(3);
    }
}
