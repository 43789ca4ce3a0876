package dev.tokenkeeper.core.token;

import java.util.LinkedHashMap;
import java.util.Map;

/** Interim merge until the token-parsing branch lands. */
public final class TokenMerge {
    private TokenMerge() {}

    public static TokenSet merge(TokenSet previous, TokenSet refreshed) {
        Map<String, Object> raw = new LinkedHashMap<>(previous.raw());
        raw.putAll(refreshed.raw());
        return new TokenSet(refreshed.accessToken(),
                refreshed.refreshToken() != null ? refreshed.refreshToken() : previous.refreshToken(),
                refreshed.tokenType(), refreshed.issuedAt(), refreshed.expiresAt(),
                refreshed.scopes().isEmpty() ? previous.scopes() : refreshed.scopes(), raw);
    }
}
