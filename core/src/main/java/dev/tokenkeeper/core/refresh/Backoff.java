package dev.tokenkeeper.core.refresh;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with equal jitter: a uniform delay in [ceiling / 2, ceiling], where ceiling is
 * min(cap, base × 2^attempt). The lower half is the floor: no failure, and nothing a provider answers, schedules the
 * next attempt sooner (full jitter could draw zero, and a provider failing fast then got called in a loop).
 *
 * @param base the ceiling of the first delay
 * @param cap  the largest ceiling
 */
public record Backoff(Duration base, Duration cap) {

    public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5));

    public Backoff {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(cap, "cap");
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < base <= cap");
        }
    }

    /** The delay before retry number {@code attempt + 1}, where attempt counts failures so far from 0. */
    public Duration delay(int attempt, RandomGenerator random) {
        long floor = floorMillis(attempt);
        return Duration.ofMillis(floor + random.nextLong(ceilingMillis(attempt) - floor + 1));
    }

    /** The lower bound of {@link #delay} for this attempt, in milliseconds: half its ceiling. */
    public long floorMillis(int attempt) {
        return ceilingMillis(attempt) / 2;
    }

    /** {@link #floorMillis} as a duration. */
    public Duration floor(int attempt) {
        return Duration.ofMillis(floorMillis(attempt));
    }

    /** The upper bound of {@link #delay} for this attempt, in milliseconds. */
    public long ceilingMillis(int attempt) {
        int shift = Math.clamp(attempt, 0, 30);
        long ceiling = base.toMillis() << shift;
        return ceiling <= 0 ? cap.toMillis() : Math.min(cap.toMillis(), ceiling);
    }
}
