package dev.tokenkeeper.core.cause;

import java.util.Locale;

/** Who must act to fix a cause: the end user (reconnect), the operator (provider config), the provider, or nobody. */
public enum Actor {
    END_USER,
    OPERATOR,
    PROVIDER,
    NONE;

    /** The wire name ({@code end_user}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
