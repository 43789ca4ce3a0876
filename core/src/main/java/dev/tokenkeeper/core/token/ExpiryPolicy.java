package dev.tokenkeeper.core.token;

import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/** Interim expiry policy until the token-parsing branch lands. */
public record ExpiryPolicy(Duration buffer, Duration minMargin, Duration maxMargin) {
    public static final ExpiryPolicy DEFAULT =
            new ExpiryPolicy(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(180));

    public boolean usable(TokenSet tokens, Instant now) {
        return tokens.expiresAt() == null || tokens.expiresAt().isAfter(now.plus(buffer(tokens)));
    }

    public Duration buffer(TokenSet tokens) {
        return tokens.lifetime().map(l -> l.dividedBy(4).compareTo(buffer) < 0 ? l.dividedBy(4) : buffer)
                .orElse(buffer);
    }

    public Instant nextRefreshAt(TokenSet tokens, RandomGenerator random) {
        if (tokens.expiresAt() == null) {
            return null;
        }
        long half = tokens.lifetime().orElseThrow().toMillis() / 2;
        long lo = Math.min(minMargin.toMillis(), half);
        long hi = Math.min(maxMargin.toMillis(), half);
        return tokens.expiresAt().minusMillis(lo + random.nextLong(hi - lo + 1));
    }
}
