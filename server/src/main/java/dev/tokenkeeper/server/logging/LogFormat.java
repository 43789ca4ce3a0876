package dev.tokenkeeper.server.logging;

import dev.tokenkeeper.postgres.setup.InvalidSettingException;
import java.util.Locale;
import java.util.Map;

/** How log lines are written: {@code human} (time, level, logger, message) or {@code json} (one object a line). */
public enum LogFormat {
    HUMAN,
    JSON;

    public static final String VARIABLE = "TOKENKEEPER_LOG_FORMAT";

    /** Reads {@code TOKENKEEPER_LOG_FORMAT} (unset or blank: human); any other value is refused, naming it. */
    public static LogFormat fromEnvironment(Map<String, String> environment) {
        String value = environment.get(VARIABLE);
        if (value == null || value.isBlank()) {
            return HUMAN;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "human" -> HUMAN;
            case "json" -> JSON;
            default -> throw new InvalidSettingException(VARIABLE, "must be human or json, not '" + printable(value)
                    + "'");
        };
    }

    private static String printable(String value) {
        String shown = value.strip().replaceAll("\\p{Cntrl}", "?");
        return shown.length() > 40 ? shown.substring(0, 40) + "…" : shown;
    }
}
