package dev.tokenkeeper.core.token;

import dev.tokenkeeper.core.provider.ExpiresInUnit;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Optional;

/** Turns a relative {@code expires_in} (or {@code expires}) value into a lifetime, resolving its unit. */
final class RelativeExpiry {
    /** AUTO reads seconds below this: 1,000,000 s is 11.6 days, while 1,000,000 ms is under 17 minutes. */
    static final BigDecimal AUTO_MILLISECONDS_FROM = BigDecimal.valueOf(1_000_000);
    /** Whole-day second lifetimes up to this many days are real (30, 60, 90 days), not milliseconds. */
    static final int WHOLE_DAYS_UP_TO = 100;

    private static final BigDecimal DAY = BigDecimal.valueOf(86_400);
    private static final BigDecimal LAST_HOUR_OF_DAY = BigDecimal.valueOf(86_400 - 3_600);
    private static final BigDecimal WHOLE_DAYS_LIMIT = DAY.multiply(BigDecimal.valueOf(WHOLE_DAYS_UP_TO));
    private static final BigDecimal MAX_MILLIS = BigDecimal.valueOf(ExpiryReading.MAX_LIFETIME.toMillis());

    /**
     * A resolved lifetime.
     *
     * @param millisecondsGuessed whether AUTO decided the value was in milliseconds
     */
    record Lifetime(Duration duration, boolean millisecondsGuessed) {}

    /** The lifetime a positive value stands for in the given unit, or empty when it is not positive or absurd. */
    static Optional<Lifetime> lifetime(BigDecimal value, ExpiresInUnit unit) {
        if (value.signum() <= 0) {
            return Optional.empty();
        }
        boolean milliseconds = switch (unit) {
            case SECONDS -> false;
            case MILLISECONDS -> true;
            case AUTO -> looksLikeMilliseconds(value);
        };
        BigDecimal millis = milliseconds ? value : value.movePointRight(3);
        if (millis.compareTo(MAX_MILLIS) > 0) {
            return Optional.empty();
        }
        long wholeMillis = millis.setScale(0, RoundingMode.FLOOR).longValueExact();
        return wholeMillis <= 0
                ? Optional.empty()
                : Optional.of(new Lifetime(Duration.ofMillis(wholeMillis), unit == ExpiresInUnit.AUTO && milliseconds));
    }

    /** AUTO's rule: at least 1,000,000, unless it is (up to an hour short of) a whole number of days up to 100. */
    static boolean looksLikeMilliseconds(BigDecimal value) {
        return value.compareTo(AUTO_MILLISECONDS_FROM) >= 0 && !nearWholeDays(value);
    }

    /** 30, 60 or 90 days in seconds, or a little less when the provider counts down from issue (5,183,999). */
    private static boolean nearWholeDays(BigDecimal seconds) {
        if (seconds.compareTo(WHOLE_DAYS_LIMIT) > 0) {
            return false;
        }
        BigDecimal intoDay = seconds.remainder(DAY);
        return intoDay.signum() == 0 || intoDay.compareTo(LAST_HOUR_OF_DAY) >= 0;
    }

    private RelativeExpiry() {}
}
