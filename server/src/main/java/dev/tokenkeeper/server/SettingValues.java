package dev.tokenkeeper.server;

import dev.tokenkeeper.postgres.setup.InvalidSettingException;
import java.util.Map;

/** Reading one environment setting: its stripped value (blank counts as unset), and a whole number within bounds. */
final class SettingValues {
    private SettingValues() {}

    /** The stripped value of {@code variable}, or {@code fallback} when it is unset or blank. */
    static String value(Map<String, String> environment, String variable, String fallback) {
        String value = environment.get(variable);
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    /**
     * The whole number {@code value} names, from {@code min} to {@code max}, or {@code fallback} when it is null; any
     * other value is an {@link InvalidSettingException} naming {@code variable} and the range.
     */
    static int wholeNumber(String variable, String value, int fallback, int min, int max) {
        if (value == null) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidSettingException(variable, "must be a whole number from " + min + " to " + max + ", not '"
                + value + "'");
    }
}
