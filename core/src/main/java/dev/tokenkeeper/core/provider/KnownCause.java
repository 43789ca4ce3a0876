package dev.tokenkeeper.core.provider;

import dev.tokenkeeper.core.cause.Cause;
import java.util.Objects;

/**
 * A cause a built-in provider is known for, with a hint that says how it shows at this provider (its own words, its
 * limits, its settings).
 *
 * @param cause the cause from Tokenkeeper's catalogue
 * @param hint  one sentence specific to the provider
 */
public record KnownCause(Cause cause, String hint) {
    public KnownCause {
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(hint, "hint");
        if (hint.isBlank()) {
            throw new IllegalArgumentException("hint must not be blank");
        }
        hint = hint.strip();
    }
}
