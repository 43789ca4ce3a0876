package dev.tokenkeeper.core.provider;

import java.util.Locale;

/** The unit a provider uses for {@code expires_in}: seconds per RFC 6749, milliseconds for some, or a guess. */
public enum ExpiresInUnit {
    SECONDS,
    MILLISECONDS,
    /** Guess per response; the guess is recorded so diagnostics can report it. */
    AUTO;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ExpiresInUnit fromWireName(String name) {
        for (ExpiresInUnit unit : values()) {
            if (unit.wireName().equals(name)) {
                return unit;
            }
        }
        throw new IllegalArgumentException("must be seconds, milliseconds or auto");
    }
}
