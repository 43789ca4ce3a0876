package dev.tokenkeeper.core.provider;

import java.time.Duration;
import java.util.Objects;

/**
 * How to read a provider's token responses.
 *
 * @param expiresInUnit the unit of {@code expires_in}
 * @param defaultTtl    the lifetime to assume when a response states none, or null for "unknown"
 */
public record TokenResponseSettings(ExpiresInUnit expiresInUnit, Duration defaultTtl) {

    public static final TokenResponseSettings DEFAULT = new TokenResponseSettings(ExpiresInUnit.AUTO, null);

    public TokenResponseSettings {
        Objects.requireNonNull(expiresInUnit, "expiresInUnit");
        if (defaultTtl != null && (defaultTtl.isNegative() || defaultTtl.isZero())) {
            throw new IllegalArgumentException("default_ttl_seconds must be positive");
        }
    }
}
