package dev.tokenkeeper.client;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Objects;

/**
 * A secret value (an API key, an access token, a webhook signing secret) whose {@code toString()} is
 * {@code [REDACTED]}: unwrap it with {@link #reveal()} only where it goes on the wire.
 */
public record Secret(String value) {
    public Secret {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("a secret must not be empty");
        }
    }

    /** The secret of this text (read from JSON as a plain string). */
    @JsonCreator
    public static Secret of(String value) {
        return new Secret(value);
    }

    /** The value itself, for the wire. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "[REDACTED]";
    }
}
