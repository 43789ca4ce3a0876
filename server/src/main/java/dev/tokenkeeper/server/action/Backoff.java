package dev.tokenkeeper.server.action;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When a retryable attempt is tried again: exponential backoff with full jitter (a random wait up to
 * {@code first × 2^(n-1)}, at most {@code max}), or the provider's {@code Retry-After} (seconds or an HTTP date,
 * clamped to [1 s, max]) when it asks for longer; never sooner than the backoff.
 */
record Backoff(Duration first, Duration max) {
    private static final Duration MIN_RETRY_AFTER = Duration.ofSeconds(1);

    Backoff {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(max, "max");
    }

    /** The time of the next attempt after {@code attempts} attempts, a wait asked (at most max) or not. */
    Instant next(Instant now, int attempts, Optional<Duration> retryAfter, RandomGenerator random) {
        Duration jittered = Duration.ofNanos((long) (random.nextDouble() * ceiling(attempts).toNanos()));
        Duration wait = retryAfter.map(asked -> asked.compareTo(max) > 0 ? max : asked)
                .filter(asked -> asked.compareTo(jittered) > 0).orElse(jittered);
        return now.plus(wait);
    }

    /** The most the backoff waits after {@code attempts} attempts. */
    Duration ceiling(int attempts) {
        int doublings = Math.min(Math.max(attempts - 1, 0), 30);
        Duration ceiling = first.multipliedBy(1L << doublings);
        return ceiling.compareTo(max) > 0 ? max : ceiling;
    }

    /** The provider's {@code Retry-After} (names in lower case), clamped to [1 s, max]; empty if absent or bad. */
    Optional<Duration> retryAfter(Map<String, List<String>> headers, Instant now) {
        List<String> values = headers.get("retry-after");
        if (values == null || values.isEmpty()) {
            return Optional.empty();
        }
        String value = values.getFirst().strip();
        Duration asked;
        if (value.matches("\\d{1,9}")) {
            asked = Duration.ofSeconds(Long.parseLong(value));
        } else {
            try {
                asked = Duration.between(now, ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant());
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        if (asked.compareTo(MIN_RETRY_AFTER) < 0) {
            return Optional.of(MIN_RETRY_AFTER);
        }
        return Optional.of(asked.compareTo(max) > 0 ? max : asked);
    }
}
