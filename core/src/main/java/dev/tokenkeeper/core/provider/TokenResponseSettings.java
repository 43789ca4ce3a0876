package dev.tokenkeeper.core.provider;

import java.time.Duration;
import java.util.Objects;

/**
 * How to read a provider's token responses.
 *
 * @param expiresInUnit the unit of {@code expires_in}
 * @param defaultTtl    the lifetime to assume when a response states none, or null for "unknown"
 * @param refreshTokenTtl the lifetime of a refresh token the provider documents (from the response that issued it),
 *                      assumed when a response issues one without stating its lifetime; null for "unknown"
 * @param refreshTokenIdle how long the provider keeps a refresh token nobody uses (Google: six months): each refresh
 *                      renews it, so a grant is refreshed before it runs out even when its access token states no
 *                      expiry; null when the provider documents none
 */
public record TokenResponseSettings(ExpiresInUnit expiresInUnit, Duration defaultTtl, Duration refreshTokenTtl,
        Duration refreshTokenIdle) {

    public static final TokenResponseSettings DEFAULT =
            new TokenResponseSettings(ExpiresInUnit.AUTO, null, null, null);

    public TokenResponseSettings {
        Objects.requireNonNull(expiresInUnit, "expiresInUnit");
        if (defaultTtl != null && (defaultTtl.isNegative() || defaultTtl.isZero())) {
            throw new IllegalArgumentException("default_ttl_seconds must be positive");
        }
        if (refreshTokenTtl != null && (refreshTokenTtl.isNegative() || refreshTokenTtl.isZero())) {
            throw new IllegalArgumentException("refresh_token_ttl_seconds must be positive");
        }
        if (refreshTokenIdle != null && (refreshTokenIdle.isNegative() || refreshTokenIdle.isZero())) {
            throw new IllegalArgumentException("refresh_token_idle_seconds must be positive");
        }
    }

    /** Settings without a documented refresh-token lifetime. */
    public TokenResponseSettings(ExpiresInUnit expiresInUnit, Duration defaultTtl) {
        this(expiresInUnit, defaultTtl, null, null);
    }
}
