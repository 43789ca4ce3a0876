package dev.tokenkeeper.core.provider;

import java.time.Duration;
import java.util.Objects;

/**
 * Whether a provider rotates refresh tokens, and how long it still accepts a just-rotated one.
 *
 * @param rotatesRefreshToken true when each refresh may return a new refresh token that replaces the old one
 * @param reuseGrace          how long the old refresh token stays usable after a rotation (zero: not at all)
 */
public record RotationSettings(boolean rotatesRefreshToken, Duration reuseGrace) {

    public static final RotationSettings DEFAULT = new RotationSettings(true, Duration.ZERO);

    public RotationSettings {
        Objects.requireNonNull(reuseGrace, "reuseGrace");
        if (reuseGrace.isNegative()) {
            throw new IllegalArgumentException("reuse_grace_seconds must not be negative");
        }
    }
}
