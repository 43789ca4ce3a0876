package dev.tokenkeeper.server.ops;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A value taken from the database at most once per period, however often Prometheus scrapes (and however many gauges
 * read it): gauges over the whole deployment cost one query per period.
 */
final class ScrapeCache<T> {
    private final Supplier<T> take;
    private final InstantSource clock;
    private final Duration period;
    private final ReentrantLock lock = new ReentrantLock();
    private T value;
    private Instant takenAt;

    ScrapeCache(Supplier<T> take, InstantSource clock, Duration period) {
        this.take = Objects.requireNonNull(take, "take");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.period = Objects.requireNonNull(period, "period");
    }

    /** The value, taken again when the last one is older than the period. */
    T current() {
        lock.lock();
        try {
            Instant now = clock.instant();
            if (value == null || takenAt.plus(period).isBefore(now)) {
                value = take.get();
                takenAt = now;
            }
            return value;
        } finally {
            lock.unlock();
        }
    }
}
