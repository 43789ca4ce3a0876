package dev.tokenkeeper.core.refresh;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads an HTTP {@code Retry-After} value (RFC 9110 §10.2.3): delta-seconds, or an HTTP-date counted from when the
 * answer arrived. Only a wait that says something is usable: zero, a date in the past (or now), a negative or
 * unreadable value, and anything beyond {@link #ABSURD} (epoch seconds sent as a delta, a date years ahead) are no
 * wait at all, so the caller's backoff applies. A wait over {@link #MAX} and up to {@link #ABSURD} is clamped to
 * {@link #MAX} (an hour of silence is already the most a grant should wait before another try).
 */
public final class RetryAfter {

    /** The longest wait honored. */
    public static final Duration MAX = Duration.ofHours(1);

    /** Beyond this a value is read as a broken header, not as a wait. */
    public static final Duration ABSURD = Duration.ofDays(1);

    // Whole seconds per the RFC; fractions are tolerated because some providers send them.
    private static final Pattern SECONDS = Pattern.compile("\\d{1,30}(\\.\\d{1,9})?");

    private RetryAfter() {}

    /**
     * The wait a {@code Retry-After} value asks for, at most {@link #MAX}; empty when it is missing, unreadable, not
     * positive (zero, a past date) or beyond {@link #ABSURD}.
     *
     * @param value      the header's value, or null
     * @param receivedAt when the answer arrived (request sent + elapsed): an HTTP-date counts from here
     */
    public static Optional<Duration> parse(String value, Instant receivedAt) {
        Objects.requireNonNull(receivedAt, "receivedAt");
        if (value == null || value.isBlank() || value.length() > 64) {
            return Optional.empty();
        }
        String trimmed = value.strip();
        if (SECONDS.matcher(trimmed).matches()) {
            return seconds(trimmed).flatMap(RetryAfter::usable);
        }
        return httpDate(trimmed).flatMap(date -> usable(Duration.between(receivedAt, date)));
    }

    private static Optional<Duration> seconds(String text) {
        BigDecimal seconds = new BigDecimal(text).setScale(0, RoundingMode.CEILING);
        return seconds.compareTo(BigDecimal.valueOf(ABSURD.toSeconds())) > 0
                ? Optional.empty()
                : Optional.of(Duration.ofSeconds(seconds.longValueExact()));
    }

    private static Optional<Instant> httpDate(String text) {
        try {
            return Optional.of(ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> usable(Duration wait) {
        if (wait.isNegative() || wait.isZero() || wait.compareTo(ABSURD) > 0) {
            return Optional.empty();
        }
        return Optional.of(wait.compareTo(MAX) > 0 ? MAX : wait);
    }
}
