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
 * <p>Lag: when the scheduler has been claiming due refreshes late (its observed due-work lag λ), a margin that does
 * not cover λ lets the token expire before its refresh comes. So the jitter window starts at
 * max(min({@code minMargin}, L/2), {@value #LAG_SAFETY_FACTOR}·λ) instead, capped at nine tenths of the lifetime:
 * under lag a 20-second token may be due for refresh two seconds after it was issued, never sooner (so a lagging
 * deployment refreshes a grant at most ten times per lifetime). Without lag (or a lag the margin already covers)
 * the margin is exactly the one above.
 *
 * @param buffer    how long a token must still live to be handed out (default 30 s)
 * @param minMargin the shortest time before expiry to refresh (default 60 s); longer than {@code buffer}
 * @param maxMargin the longest time before expiry to refresh (default 180 s)
 */
public record ExpiryPolicy(Duration buffer, Duration minMargin, Duration maxMargin) {

    /** The most a refresh comes before the refresh token itself expires: a day, so an outage has time to pass. */
    public static final Duration REFRESH_TOKEN_MARGIN = Duration.ofDays(1);

    /** How many times the observed due-work lag the proactive margin covers. */
    public static final int LAG_SAFETY_FACTOR = 2;
    /** The share of a token's lifetime that always passes before its refresh is due, as 1/n. */
    private static final int LIFETIME_ALWAYS_USED = 10;
    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** The epoch second and millisecond from which nanoseconds since the epoch no longer fit in a long. */
    private static final long MAX_EPOCH_SECONDS = Long.MAX_VALUE / NANOS_PER_SECOND;
    private static final long MAX_EPOCH_MILLIS = Long.MAX_VALUE / NANOS_PER_MILLI - 1;

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

    /**
     * Whether the token may be handed out at {@code now}: unknown expiry, or it outlives now + buffer. On the hot
     * path: longs only (remaining > min(buffer, L/4) is remaining > buffer or 4·remaining > L), no allocation.
     */
    public boolean usable(TokenSet tokens, Instant now) {
        Instant expiresAt = tokens.expiresAt();
        if (expiresAt == null) {
            return true;
        }
        long remaining = Nanos.between(now, expiresAt);
        return remaining > Nanos.of(buffer) || remaining > Nanos.between(tokens.issuedAt(), expiresAt) >>> 2;
    }

    /**
     * Whether a usable token is due for a refresh ahead of its expiry at {@code now} (Google's STALE): its proactive
     * refresh time {@code nextRefreshAt} has come, or it is inside the shortest refresh margin, min({@code minMargin},
     * L/2), before its expiry. A token of unknown expiry without a refresh time is never due. Longs only.
     */
    public boolean refreshDue(TokenSet tokens, Instant nextRefreshAt, Instant now) {
        if (nextRefreshAt != null && !now.isBefore(nextRefreshAt)) {
            return true;
        }
        Instant expiresAt = tokens.expiresAt();
        if (expiresAt == null) {
            return false;
        }
        long remaining = Nanos.between(now, expiresAt);
        return remaining <= Nanos.of(minMargin) && remaining <= Nanos.between(tokens.issuedAt(), expiresAt) >>> 1;
    }

    /**
     * Whether the token is plainly FRESH at the epoch millisecond {@code nowMillis} (an {@code InstantSource.millis()}
     * reading, so the true time lies in [nowMillis, nowMillis + 1 ms)): {@link #usable} and not {@link #refreshDue}
     * at every instant of that millisecond. The hot path's one question, asked of the cheapest clock reading (an
     * {@code Instant} costs more to read than a millisecond); within a millisecond of a boundary it answers false,
     * and the exact {@link #usable} and {@link #refreshDue} decide. The hit asks it of {@link #fresh(long, long, long,
     * long)}, on bounds computed once per stored version of a connection.
     */
    public boolean fresh(TokenSet tokens, Instant nextRefreshAt, long nowMillis) {
        return fresh(epochNanos(nextRefreshAt), epochNanos(tokens.expiresAt()), halfLifetimeNanos(tokens), nowMillis);
    }

    /**
     * {@link #fresh(TokenSet, Instant, long)} on precomputed bounds, in longs only: usable and not due throughout the
     * millisecond iff it ends by the scheduled refresh and the expiry is further off than the shortest refresh
     * margin, min({@code minMargin}, L/2), which is longer than the buffer, min({@code buffer}, L/4).
     *
     * @param refreshAtNanos    {@link #epochNanos} of the scheduled refresh
     * @param expiresAtNanos    {@link #epochNanos} of the expiry
     * @param halfLifetimeNanos {@link #halfLifetimeNanos} of the token
     */
    public boolean fresh(long refreshAtNanos, long expiresAtNanos, long halfLifetimeNanos, long nowMillis) {
        long latest = latestNanos(nowMillis);
        return latest <= refreshAtNanos && (expiresAtNanos == Long.MAX_VALUE
                || expiresAtNanos - latest > Math.min(Nanos.of(minMargin), halfLifetimeNanos));
    }

    /**
     * {@link #usable} throughout the epoch millisecond {@code nowMillis}, on the bounds of
     * {@link #fresh(long, long, long, long)}: the expiry is further off than the buffer, min({@code buffer}, L/4).
     * Longs only; within a millisecond of the boundary it answers false.
     */
    public boolean usable(long expiresAtNanos, long halfLifetimeNanos, long nowMillis) {
        return expiresAtNanos == Long.MAX_VALUE
                || expiresAtNanos - latestNanos(nowMillis) > Math.min(Nanos.of(buffer), halfLifetimeNanos >>> 1);
    }

    /** The end of the epoch millisecond {@code nowMillis} in nanoseconds since the epoch, clamped as in epochNanos. */
    private static long latestNanos(long nowMillis) {
        return nowMillis < MAX_EPOCH_MILLIS ? Math.max(0, nowMillis + 1) * NANOS_PER_MILLI : Long.MAX_VALUE;
    }

    /**
     * Half the token's lifetime for {@link #fresh(long, long, long, long)}: (expiresAt − issuedAt) in nanoseconds,
     * saturated, shifted right unsigned by one; {@link Long#MAX_VALUE} when the expiry is unknown.
     */
    public static long halfLifetimeNanos(TokenSet tokens) {
        Instant expiresAt = tokens.expiresAt();
        return expiresAt == null ? Long.MAX_VALUE : Nanos.between(tokens.issuedAt(), expiresAt) >>> 1;
    }

    /**
     * An instant in nanoseconds since the epoch for {@link #fresh(long, long, long, long)}: null (never) and instants
     * after 2262 are {@link Long#MAX_VALUE}, instants before 1970 are 0. Either end errs on the safe side there: a
     * refresh or an expiry that far off is not near, and one before 1970 has passed.
     */
    public static long epochNanos(Instant instant) {
        if (instant == null || instant.getEpochSecond() >= MAX_EPOCH_SECONDS) {
            return Long.MAX_VALUE;
        }
        return instant.getEpochSecond() < 0 ? 0 : instant.getEpochSecond() * NANOS_PER_SECOND + instant.getNano();
    }

    /** When to refresh proactively, with a jittered margin; null when the expiry is unknown. */
    public Instant nextRefreshAt(TokenSet tokens, RandomGenerator random) {
        return nextRefreshAt(tokens, Duration.ZERO, random);
    }

    /**
     * When to refresh proactively, with a jittered margin that also covers {@code observedLag} (how late due
     * refreshes have been claimed lately) as far as the lifetime allows; null when the expiry is unknown.
     */
    public Instant nextRefreshAt(TokenSet tokens, Duration observedLag, RandomGenerator random) {
        Objects.requireNonNull(observedLag, "observedLag");
        Instant byRefreshToken = beforeRefreshTokenExpires(tokens);
        if (tokens.expiresAt() == null) {
            return byRefreshToken;
        }
        Instant byAccessToken = tokens.expiresAt().minus(margin(tokens.lifetime().orElseThrow(), observedLag, random));
        return byRefreshToken != null && byRefreshToken.isBefore(byAccessToken) ? byRefreshToken : byAccessToken;
    }

    /**
     * When to refresh at the latest so that the grant outlives its refresh token's own expiry: a refresh renews a
     * refresh token that expires when unused, and one that expires anyway is at least used while it works. A quarter of
     * its lifetime before it expires, at most {@link #REFRESH_TOKEN_MARGIN}; null when its expiry is unknown.
     */
    static Instant beforeRefreshTokenExpires(TokenSet tokens) {
        Instant expiresAt = tokens.refreshTokenExpiresAt();
        if (expiresAt == null || !expiresAt.isAfter(tokens.issuedAt())) {
            return null;
        }
        Duration quarter = Duration.between(tokens.issuedAt(), expiresAt).dividedBy(4);
        return expiresAt.minus(min(quarter, REFRESH_TOKEN_MARGIN));
    }

    /** How long before expiry a token of {@code lifetime} is refreshed when the scheduler lags by {@code lag}. */
    private Duration margin(Duration lifetime, Duration lag, RandomGenerator random) {
        Duration half = lifetime.dividedBy(2);
        Duration low = min(minMargin, half);
        long spreadNanos = min(maxMargin, half).minus(low).toNanos();
        Duration jitter = Duration.ofNanos(spreadNanos == 0 ? 0 : random.nextLong(spreadNanos + 1));
        // a lag as long as the lifetime is covered as far as possible anyway (and doubling it cannot overflow)
        Duration lagCover = lag.isNegative() ? Duration.ZERO
                : lag.compareTo(lifetime) >= 0 ? lifetime : lag.multipliedBy(LAG_SAFETY_FACTOR);
        if (lagCover.compareTo(low) <= 0) {
            return low.plus(jitter);
        }
        Duration mostAllowed = lifetime.minus(lifetime.dividedBy(LIFETIME_ALWAYS_USED));
        return min(lagCover.plus(jitter), mostAllowed);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
