package dev.tokenkeeper.core.token;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * When a token is still usable and when to refresh it ahead of expiry.
 *
 * <p>For a token of lifetime {@code L} (expiresAt − issuedAt):
 * <ul>
 *   <li>buffer = min({@code buffer}, L/4): usable at {@code now} iff expiresAt is after now + buffer, so a
 *       60-second token is not dismissed as stale at birth. A token of unknown expiry is always usable (it is
 *       refreshed on an auth failure only).</li>
 *   <li>margin drawn uniformly from [min({@code minMargin}, L/2), min({@code maxMargin}, L/2)]; the proactive
 *       refresh is due at expiresAt − margin. So it falls in [issuedAt + L/2, expiresAt − buffer): a 60-second
 *       token is refreshed at its 30th second, never in a loop, and tokens minted together spread over the
 *       jitter window.</li>
 * </ul>
 * Because {@code minMargin > buffer} and L/2 > L/4, the refresh is always due while the token is still usable
 * (for any lifetime of two nanoseconds or more).
 *
 * @param buffer    how long a token must still live to be handed out (default 30 s)
 * @param minMargin the shortest time before expiry to refresh (default 60 s); longer than {@code buffer}
 * @param maxMargin the longest time before expiry to refresh (default 180 s)
 */
public record ExpiryPolicy(Duration buffer, Duration minMargin, Duration maxMargin) {

    public static final ExpiryPolicy DEFAULT =
            new ExpiryPolicy(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(180));

    public ExpiryPolicy {
        Objects.requireNonNull(buffer, "buffer");
        Objects.requireNonNull(minMargin, "minMargin");
        Objects.requireNonNull(maxMargin, "maxMargin");
        if (buffer.isNegative()) {
            throw new IllegalArgumentException("buffer must not be negative");
        }
        if (minMargin.compareTo(buffer) <= 0) {
            throw new IllegalArgumentException("minMargin must be longer than buffer, or refreshes would come late");
        }
        if (maxMargin.compareTo(minMargin) < 0) {
            throw new IllegalArgumentException("maxMargin must not be shorter than minMargin");
        }
    }

    /** The buffer for this token: the configured one, scaled down to a quarter of a shorter token's lifetime. */
    public Duration buffer(TokenSet tokens) {
        return tokens.lifetime().map(lifetime -> min(buffer, lifetime.dividedBy(4))).orElse(buffer);
    }

    /** Whether the token may be handed out at {@code now}: unknown expiry, or it outlives now + buffer. */
    public boolean usable(TokenSet tokens, Instant now) {
        return tokens.expiresAt() == null || tokens.expiresAt().isAfter(now.plus(buffer(tokens)));
    }

    /** When to refresh proactively, with a jittered margin; null when the expiry is unknown. */
    public Instant nextRefreshAt(TokenSet tokens, RandomGenerator random) {
        if (tokens.expiresAt() == null) {
            return null;
        }
        Duration half = tokens.lifetime().orElseThrow().dividedBy(2);
        Duration low = min(minMargin, half);
        long spreadNanos = min(maxMargin, half).minus(low).toNanos();
        Duration margin = low.plusNanos(spreadNanos == 0 ? 0 : random.nextLong(spreadNanos + 1));
        return tokens.expiresAt().minus(margin);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
