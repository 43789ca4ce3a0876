package dev.tokenkeeper.core.refresh;

import java.util.Locale;
import java.util.Optional;

/** What a failed refresh means for the connection: try again, ask the user to reconnect, or fix the config. */
public enum FailureClass {
    RETRYABLE,
    NEEDS_REAUTH,
    MISCONFIGURED;

    /** The wire name of API.md's {@code last_error.class} ({@code needs_reauth}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name, if it is one. */
    public static Optional<FailureClass> fromWireName(String name) {
        for (FailureClass value : values()) {
            if (value.wireName().equals(name)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
