package dev.tokenkeeper.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hot path's expiry decisions in long nanoseconds: {@code usable} says exactly what the Duration formula
 * (buffer = min(buffer, L/4)) says, and {@code refreshDue} marks a usable token STALE at its refresh time or inside
 * the refresh margin.
 */
class ExpiryPolicyHotPathTest {
    private static final Instant ISSUED_AT = Instant.parse("2026-03-01T10:00:00Z");

    private static TokenSet token(Instant issuedAt, Instant expiresAt) {
        return new TokenSet(Secret.of("at"), Secret.of("rt"), null, issuedAt, expiresAt, List.of(), Map.of());
    }

    /** The decision as the Duration formula states it (BigDecimal inside {@code dividedBy}). */
    private static boolean usableByDurations(ExpiryPolicy policy, TokenSet tokens, Instant now) {
        Duration quarter = Duration.between(tokens.issuedAt(), tokens.expiresAt()).dividedBy(4);
        Duration buffer = policy.buffer().compareTo(quarter) <= 0 ? policy.buffer() : quarter;
        return tokens.expiresAt().isAfter(now.plus(buffer));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void usable_agreesWithTheDurationFormula_forRandomLifetimesBuffersAndMoments(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 20_000; i++) {
            // lifetimes from a nanosecond to about 200 years, log-uniform; moments around the whole lifetime
            long lifetimeNanos = Math.max(1, (long) Math.pow(2, random.nextDouble(0, 62.4)));
            Duration lifetime = Duration.ofNanos(lifetimeNanos);
            Duration buffer = Duration.ofNanos(random.nextLong(0, Duration.ofHours(2).toNanos()));
            ExpiryPolicy policy = new ExpiryPolicy(buffer, buffer.plusSeconds(30), buffer.plusSeconds(90));
            TokenSet tokens = token(ISSUED_AT, ISSUED_AT.plus(lifetime));
            Instant now = switch (random.nextInt(4)) {
                case 0 -> tokens.expiresAt().minus(buffer);
                case 1 -> tokens.expiresAt().minus(Duration.ofNanos(lifetimeNanos / 4));
                case 2 -> tokens.expiresAt().minus(Duration.ofNanos(lifetimeNanos / 4 + random.nextLong(-2, 3)));
                default -> ISSUED_AT.plus(Duration.ofNanos(random.nextLong(-lifetimeNanos / 2, lifetimeNanos)))
                        .plus(Duration.ofNanos(random.nextLong(0, lifetimeNanos / 2 + 1)));
            };

            assertThat(policy.usable(tokens, now)).as("lifetime %s, buffer %s, now %s", lifetime, buffer, now)
                    .isEqualTo(usableByDurations(policy, tokens, now));
        }
    }

    @Test
    void usable_decidesWithoutOverflow_whenTheLifetimeOutlivesALongOfNanoseconds() {
        TokenSet forever = token(Instant.EPOCH, Instant.MAX);
        ExpiryPolicy everlasting = new ExpiryPolicy(Duration.ofDays(365_000_000L), Duration.ofDays(365_000_001L),
                Duration.ofDays(365_000_002L));

        assertThat(ExpiryPolicy.DEFAULT.usable(forever, ISSUED_AT)).isTrue();
        assertThat(ExpiryPolicy.DEFAULT.usable(token(Instant.MIN, Instant.EPOCH), ISSUED_AT)).isFalse();
        assertThat(everlasting.usable(forever, ISSUED_AT)).isEqualTo(usableByDurations(everlasting, forever,
                ISSUED_AT));
    }

    @Test
    void refreshDue_fromTheScheduledRefreshTimeOn() {
        TokenSet hour = token(ISSUED_AT, ISSUED_AT.plus(Duration.ofHours(1)));
        Instant scheduled = ISSUED_AT.plus(Duration.ofMinutes(50));

        assertThat(ExpiryPolicy.DEFAULT.refreshDue(hour, scheduled, scheduled.minusNanos(1))).isFalse();
        assertThat(ExpiryPolicy.DEFAULT.refreshDue(hour, scheduled, scheduled)).isTrue();
        assertThat(ExpiryPolicy.DEFAULT.refreshDue(hour, scheduled, scheduled.plusSeconds(1))).isTrue();
    }

    @Test
    void refreshDue_insideTheShortestMargin_whenNothingIsScheduled() {
        TokenSet hour = token(ISSUED_AT, ISSUED_AT.plus(Duration.ofHours(1)));

        assertThat(ExpiryPolicy.DEFAULT.refreshDue(hour, null, hour.expiresAt().minusSeconds(61))).isFalse();
        assertThat(ExpiryPolicy.DEFAULT.refreshDue(hour, null, hour.expiresAt().minusSeconds(60))).isTrue();
    }

    @Test
    void refreshDue_atHalfLife_whenTheTokenIsShorterThanTwoMargins() {
        TokenSet minute = token(ISSUED_AT, ISSUED_AT.plusSeconds(60));

        assertThat(ExpiryPolicy.DEFAULT.refreshDue(minute, null, ISSUED_AT.plusSeconds(30).minusNanos(1))).isFalse();
        assertThat(ExpiryPolicy.DEFAULT.refreshDue(minute, null, ISSUED_AT.plusSeconds(30))).isTrue();
        assertThat(ExpiryPolicy.DEFAULT.usable(minute, ISSUED_AT.plusSeconds(30))).as("still usable: STALE")
                .isTrue();
    }

    @Test
    void refreshDue_never_whenTheExpiryIsUnknownAndNothingIsScheduled() {
        TokenSet unknown = token(ISSUED_AT, null);

        assertThat(ExpiryPolicy.DEFAULT.refreshDue(unknown, null, ISSUED_AT.plus(Duration.ofDays(3650)))).isFalse();
    }
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void fresh_isUsableAndNotDueThroughTheWholeMillisecond_andAgreesAwayFromTheBoundaries(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int agreedAway = 0;
        for (int i = 0; i < 20_000; i++) {
            long lifetimeNanos = Math.max(1, (long) Math.pow(2, random.nextDouble(0, 62.4)));
            Duration lifetime = Duration.ofNanos(lifetimeNanos);
            Duration buffer = Duration.ofNanos(random.nextLong(0, Duration.ofHours(2).toNanos()));
            ExpiryPolicy policy = new ExpiryPolicy(buffer, buffer.plusSeconds(30), buffer.plusSeconds(90));
            TokenSet tokens = random.nextInt(10) == 0 ? token(ISSUED_AT, null)
                    : token(ISSUED_AT, ISSUED_AT.plus(lifetime));
            Instant scheduled = random.nextBoolean() ? null
                    : ISSUED_AT.plus(Duration.ofNanos(random.nextLong(0, lifetimeNanos)));
            long nowMillis = ISSUED_AT.toEpochMilli() + random.nextLong(-1_000, Math.max(1, lifetimeNanos / 1_000_000)
                    + 1_000);
            Instant first = Instant.ofEpochMilli(nowMillis);
            Instant last = first.plusNanos(999_999);
            boolean fresh = policy.fresh(tokens, scheduled, nowMillis);
            boolean freshAtFirst = policy.usable(tokens, first) && !policy.refreshDue(tokens, scheduled, first);
            boolean freshAtLast = policy.usable(tokens, last) && !policy.refreshDue(tokens, scheduled, last);

            if (fresh) {
                assertThat(freshAtFirst && freshAtLast).as("fresh through %s..%s: %s, %s", first, last, tokens,
                        scheduled).isTrue();
            }
            Instant before = first.minusMillis(1);
            Instant after = last.plusMillis(1);
            boolean freshAround = policy.usable(tokens, before) && !policy.refreshDue(tokens, scheduled, before)
                    && policy.usable(tokens, after) && !policy.refreshDue(tokens, scheduled, after);
            if (freshAround) {
                assertThat(fresh).as("fresh a millisecond either side of %s: %s, %s", first, tokens, scheduled)
                        .isTrue();
                agreedAway++;
            }
        }
        assertThat(agreedAway).as("moments away from every boundary").isGreaterThan(1_000);
    }

    @Test
    void fresh_isFalseFromTheScheduledRefreshTimeOn_andForAnUnusableToken() {
        TokenSet hour = token(ISSUED_AT, ISSUED_AT.plus(Duration.ofHours(1)));
        Instant scheduled = ISSUED_AT.plus(Duration.ofMinutes(50));
        long scheduledMillis = scheduled.toEpochMilli();

        assertThat(ExpiryPolicy.DEFAULT.fresh(hour, scheduled, scheduledMillis - 2)).isTrue();
        assertThat(ExpiryPolicy.DEFAULT.fresh(hour, scheduled, scheduledMillis)).isFalse();
        assertThat(ExpiryPolicy.DEFAULT.fresh(hour, null, hour.expiresAt().minusSeconds(10).toEpochMilli()))
                .isFalse();
        assertThat(ExpiryPolicy.DEFAULT.fresh(token(Instant.EPOCH, Instant.MAX), null, scheduledMillis)).isTrue();
        assertThat(ExpiryPolicy.DEFAULT.fresh(token(ISSUED_AT, null), null, Long.MAX_VALUE / 2)).isTrue();
    }
}
