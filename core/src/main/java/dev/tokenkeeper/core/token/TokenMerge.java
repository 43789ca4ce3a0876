package dev.tokenkeeper.core.token;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Merges a refresh response into the grant's previous tokens: merge, don't replace. */
public final class TokenMerge {

    /**
     * The tokens after a refresh: the new access token, type and expiry; the new refresh token if one came (rotation),
     * else the previous one, with its own expiry (the new one's when it rotated, the previous one's when it was kept);
     * the new scopes if any were stated, else the previous ones; the previous extra fields overlaid with the new ones.
     */
    public static TokenSet merge(TokenSet previous, TokenSet refreshed) {
        return merge(previous, refreshed, null);
    }

    /**
     * The tokens after a refresh as {@link #merge(TokenSet, TokenSet)} makes them, where a kept refresh token that the
     * provider expires after {@code idle} unused (null: no such limit) was renewed by this refresh: it now expires
     * {@code idle} after the refresh was sent.
     */
    public static TokenSet merge(TokenSet previous, TokenSet refreshed, Duration idle) {
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(refreshed, "refreshed");
        Map<String, Object> raw = new LinkedHashMap<>(previous.raw());
        raw.putAll(refreshed.raw());
        boolean rotated = refreshed.refreshToken() != null;
        return new TokenSet(
                refreshed.accessToken(),
                rotated ? refreshed.refreshToken() : previous.refreshToken(),
                refreshed.tokenType(),
                refreshed.issuedAt(),
                refreshed.expiresAt(),
                refreshed.scopes().isEmpty() ? previous.scopes() : refreshed.scopes(),
                raw,
                rotated ? refreshed.refreshTokenExpiresAt()
                        : idle != null ? refreshed.issuedAt().plus(idle) : previous.refreshTokenExpiresAt());
    }

    private TokenMerge() {}
}
