package dev.tokenkeeper.server;

import dev.tokenkeeper.postgres.setup.InvalidSettingException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A duration setting: a whole number with a unit ({@code 90s}, {@code 30m}, {@code 72h}, {@code 3d}) or ISO-8601. */
final class SettingDuration {
    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})\\s*([smhd])");
    /** The longest duration a setting accepts. */
    static final Duration MAX = Duration.ofDays(365);

    private SettingDuration() {}

    /** The duration {@code value} names, or {@code fallback} when it is null; a bad value names the setting. */
    static Duration parse(String setting, String value, Duration fallback) {
        if (value == null) {
            return fallback;
        }
        Duration parsed = readOrRefuse(setting, value);
        if (parsed.isZero() || parsed.isNegative() || parsed.compareTo(MAX) > 0) {
            throw new InvalidSettingException(setting, "must be more than zero and at most 365 days, not '" + value
                    + "'");
        }
        return parsed;
    }

    /**
     * As {@link #parse}, for a setting with a narrower range: a value outside {@code least}..{@code most} is refused
     * with {@code range} (such as {@code 1s to 1h}) in the message.
     */
    static Duration parseWithin(String setting, String value, Duration fallback, Duration least, Duration most,
            String range) {
        if (value == null) {
            return fallback;
        }
        Duration parsed = readOrRefuse(setting, value);
        if (parsed.compareTo(least) < 0 || parsed.compareTo(most) > 0) {
            throw new InvalidSettingException(setting, "must be from " + range + ", not '" + value + "'");
        }
        return parsed;
    }

    private static Duration readOrRefuse(String setting, String value) {
        Duration parsed = read(value.strip().toLowerCase(Locale.ROOT));
        if (parsed == null) {
            throw new InvalidSettingException(setting, "must be a duration such as 90s, 30m, 72h or 3d (or ISO-8601"
                    + " such as PT72H), not '" + value + "'");
        }
        return parsed;
    }

    private static Duration read(String text) {
        Matcher matcher = SHORT.matcher(text);
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        try {
            return Duration.parse(text.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
