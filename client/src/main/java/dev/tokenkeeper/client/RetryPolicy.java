package dev.tokenkeeper.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How a 429 or 503 answer with {@code Retry-After} is retried: at most {@code maxRetries} times, and only while the
 * waits of one call add up to no more than {@code maxWait}.
 */
public record RetryPolicy(int maxRetries, Duration maxWait) {
    /** Two retries, at most 30 seconds of waiting per call. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(2, Duration.ofSeconds(30));

    public RetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative: " + maxRetries);
        }
        Objects.requireNonNull(maxWait, "maxWait");
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait must not be negative: " + maxWait);
        }
    }

    /** Whether a retry after {@code retries} retries, having waited {@code waited}, may wait {@code wait}. */
    public boolean allows(int retries, Duration waited, Duration wait) {
        return retries < maxRetries && waited.plus(wait).compareTo(maxWait) <= 0;
    }
}
