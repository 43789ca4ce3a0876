package dev.tokenkeeper.core.token;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/** Turns an absolute {@code expires_at} (epoch seconds, epoch milliseconds or RFC 3339 text) into an instant. */
final class AbsoluteExpiry {
    /** 10^11 epoch seconds is the year 5138 while 10^11 epoch milliseconds is 1973: larger values are milliseconds. */
    static final BigDecimal EPOCH_MILLISECONDS_FROM = BigDecimal.valueOf(100_000_000_000L);

    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
    /** Longer than any RFC 3339 timestamp with nanoseconds and an offset. */
    private static final int MAX_TIMESTAMP_CHARS = 64;
    private static final int DATE_CHARS = "2026-01-31".length();

    /** The instant a value names, or empty when it names none. */
    static Optional<Instant> instant(Object value) {
        Optional<BigDecimal> number = NumericValue.of(value);
        if (number.isPresent()) {
            return epoch(number.get());
        }
        return value instanceof String text ? rfc3339(text.strip()) : Optional.empty();
    }

    private static Optional<Instant> epoch(BigDecimal value) {
        BigDecimal millis = value.abs().compareTo(EPOCH_MILLISECONDS_FROM) >= 0 ? value : value.movePointRight(3);
        if (millis.abs().compareTo(LONG_MAX) > 0) {
            return Optional.empty();
        }
        return Optional.of(Instant.ofEpochMilli(millis.setScale(0, RoundingMode.FLOOR).longValueExact()));
    }

    /** RFC 3339 as written: 'T' or a space between date and time, any letter case, an offset or 'Z'. */
    private static Optional<Instant> rfc3339(String text) {
        if (text.length() <= DATE_CHARS || text.length() > MAX_TIMESTAMP_CHARS) {
            return Optional.empty();
        }
        String normalized = text.toUpperCase(Locale.ROOT);
        if (normalized.charAt(DATE_CHARS) == ' ') {
            normalized = normalized.substring(0, DATE_CHARS) + 'T' + normalized.substring(DATE_CHARS + 1);
        }
        try {
            return Optional.of(OffsetDateTime.parse(normalized, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
        } catch (DateTimeException notATimestamp) {
            return Optional.empty();
        }
    }

    private AbsoluteExpiry() {}
}
