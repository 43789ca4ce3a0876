package dev.tokenkeeper.server.webhook;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When a failed delivery is tried again: the first attempt is made as soon as the delivery is due, the n-th failure
 * waits {@code delays[n-1]} (spread by ± {@code jitter}, so receivers back from an outage are not hit all at once),
 * and a failure after the last delay gives the delivery up.
 *
 * @param delays the waits after the first, second… failed attempt
 * @param jitter the fraction of a wait added or taken away at random, from 0 (none) to below 1
 */
public record RetrySchedule(List<Duration> delays, double jitter) {
    /** Immediately, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h later (± 20 %): 8 attempts over about 28 h. */
    public static final RetrySchedule STANDARD = new RetrySchedule(List.of(Duration.ofSeconds(5),
            Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5),
            Duration.ofHours(10), Duration.ofHours(10)), 0.2);

    public RetrySchedule {
        delays = List.copyOf(delays);
        if (delays.stream().anyMatch(delay -> delay.isNegative())) {
            throw new IllegalArgumentException("a retry delay must not be negative");
        }
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("jitter must be at least 0 and below 1, not " + jitter);
        }
    }

    /** The most attempts a delivery gets. */
    public int maxAttempts() {
        return delays.size() + 1;
    }

    /** The wait after the {@code failedAttempts}-th failed attempt, or empty when the delivery is given up. */
    public Optional<Duration> delayAfter(int failedAttempts, RandomGenerator random) {
        if (failedAttempts < 1 || failedAttempts > delays.size()) {
            return Optional.empty();
        }
        Duration delay = delays.get(failedAttempts - 1);
        double factor = 1 + jitter * (2 * random.nextDouble() - 1);
        return Optional.of(Duration.ofNanos(Math.round(delay.toNanos() * factor)));
    }
}
