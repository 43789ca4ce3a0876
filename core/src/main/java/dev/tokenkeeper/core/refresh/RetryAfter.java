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
 * answer arrived. A value over {@link #MAX} is clamped to it (a provider asking for days is a bug, and an hour of
 * silence is already the most a grant should wait before another try); a date in the past means now.
 */
public final class RetryAfter {

    /** The longest wait honored. */
    public static final Duration MAX = Duration.ofHours(1);

    // Whole seconds per the RFC; fractions are tolerated because some providers send them.
    private static final Pattern SECONDS = Pattern.compile("\\d{1,30}(\\.\\d{1,9})?");

    private RetryAfter() {}

    /**
     * The wait a {@code Retry-After} value asks for, or empty when it is missing or unreadable.
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
            return Optional.of(clamp(seconds(trimmed)));
        }
        return httpDate(trimmed).map(date -> clamp(Duration.between(receivedAt, date)));
    }

    private static Duration seconds(String text) {
        BigDecimal seconds = new BigDecimal(text).setScale(0, RoundingMode.CEILING);
        return seconds.compareTo(BigDecimal.valueOf(MAX.toSeconds())) > 0
                ? MAX
                : Duration.ofSeconds(seconds.longValueExact());
    }

    private static Optional<Instant> httpDate(String text) {
        try {
            return Optional.of(ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Duration clamp(Duration wait) {
        if (wait.isNegative()) {
            return Duration.ZERO;
        }
        return wait.compareTo(MAX) > 0 ? MAX : wait;
    }
}
