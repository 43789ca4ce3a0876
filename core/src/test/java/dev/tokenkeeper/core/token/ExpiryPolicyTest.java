package dev.tokenkeeper.core.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ExpiryPolicyTest {
    private static final ExpiryPolicy POLICY = ExpiryPolicy.DEFAULT;
    private static final Instant ISSUED_AT = Instant.parse("2026-03-01T10:00:00Z");

    private static TokenSet token(Duration lifetime) {
        return new TokenSet(Secret.of("at"), null, null, ISSUED_AT,
                lifetime == null ? null : ISSUED_AT.plus(lifetime), List.of(), Map.of());
    }

    @Test
    void usesFullBuffer_whenLifetimeIsLongOrUnknown() {
        assertThat(POLICY.buffer(token(Duration.ofHours(1)))).isEqualTo(Duration.ofSeconds(30));
        assertThat(POLICY.buffer(token(null))).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void scalesBufferToAQuarterOfLifetime_whenTokenIsShortLived() {
        assertThat(POLICY.buffer(token(Duration.ofSeconds(60)))).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void treatsTokenAsUsable_whenExpiryIsUnknown() {
        assertThat(POLICY.usable(token(null), ISSUED_AT.plus(Duration.ofDays(365)))).isTrue();
    }

    @Test
    void stopsBeingUsable_whenExpiryIsWithinBuffer() {
        TokenSet hour = token(Duration.ofHours(1));
        Instant expiresAt = hour.expiresAt();

        assertThat(POLICY.usable(hour, expiresAt.minusSeconds(31))).isTrue();
        assertThat(POLICY.usable(hour, expiresAt.minusSeconds(30))).isFalse();
        assertThat(POLICY.usable(hour, expiresAt.plusSeconds(1))).isFalse();
    }

    @Test
    void hasNoRefreshTime_whenExpiryIsUnknown() {
        assertThat(POLICY.nextRefreshAt(token(null), new SplittableRandom(1))).isNull();
    }

    @Test
    void refreshesAtHalfLife_whenTokenLivesSixtySeconds() {
        TokenSet minute = token(Duration.ofSeconds(60));

        assertThat(IntStream.range(0, 100).mapToObj(seed -> POLICY.nextRefreshAt(minute, new SplittableRandom(seed))))
                .containsOnly(ISSUED_AT.plusSeconds(30));
    }

    @Test
    void refreshesOneToThreeMinutesBeforeExpiry_whenTokenLivesAnHour() {
        TokenSet hour = token(Duration.ofHours(1));

        assertThat(POLICY.nextRefreshAt(hour, new SplittableRandom(7)))
                .isBetween(hour.expiresAt().minusSeconds(180), hour.expiresAt().minusSeconds(60));
    }

    @Test
    void spreadsRefreshesOverTheJitterWindow_when500TokensAreMintedTogether() {
        TokenSet hour = token(Duration.ofHours(1));
        SplittableRandom random = new SplittableRandom(42);

        List<Instant> refreshes = IntStream.range(0, 500).mapToObj(i -> POLICY.nextRefreshAt(hour, random)).toList();

        assertThat(refreshes.stream().map(Instant::getEpochSecond).distinct().count()).isGreaterThan(100);
        assertThat(Duration.between(refreshes.stream().min(Instant::compareTo).orElseThrow(),
                refreshes.stream().max(Instant::compareTo).orElseThrow())).isGreaterThan(Duration.ofSeconds(110));
    }

    @ParameterizedTest
    @MethodSource("dev.tokenkeeper.core.token.RandomTokenSets#seeds")
    void refreshesAfterHalfLifeAndWhileStillUsable_forAnyLifetime(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < RandomTokenSets.CASES_PER_SEED; i++) {
            TokenSet tokens = RandomTokenSets.expiring(random);
            Duration lifetime = tokens.lifetime().orElseThrow();

            Instant refreshAt = POLICY.nextRefreshAt(tokens, random);

            assertThat(refreshAt).as("lifetime %s", lifetime)
                    .isBetween(tokens.issuedAt().plus(lifetime.dividedBy(2)),
                            tokens.expiresAt().minus(POLICY.buffer(tokens)))
                    .isNotEqualTo(tokens.expiresAt().minus(POLICY.buffer(tokens)));
            assertThat(POLICY.usable(tokens, refreshAt)).as("usable at refresh, lifetime %s", lifetime).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("dev.tokenkeeper.core.token.RandomTokenSets#seeds")
    void neverBecomesUsableAgain_onceItIsNot(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < RandomTokenSets.CASES_PER_SEED; i++) {
            TokenSet tokens = RandomTokenSets.expiring(random);
            Duration window = tokens.lifetime().orElseThrow().multipliedBy(2);
            Instant earlier = tokens.issuedAt().plusNanos(random.nextLong(Math.max(1, window.toNanos())));
            Instant later = earlier.plusNanos(random.nextLong(Math.max(1, window.toNanos())));

            if (!POLICY.usable(tokens, earlier)) {
                assertThat(POLICY.usable(tokens, later)).as("usable again at %s after %s", later, earlier).isFalse();
            }
            assertThat(POLICY.usable(tokens, tokens.issuedAt())).as("usable when issued").isTrue();
            assertThat(POLICY.usable(tokens, tokens.expiresAt())).as("usable at expiry").isFalse();
        }
    }

    @Test
    void keepsTheJitteredMargin_whenTheObservedLagIsCoveredAlready() {
        TokenSet hour = token(Duration.ofHours(1));

        for (long seed = 0; seed < 50; seed++) {
            assertThat(POLICY.nextRefreshAt(hour, Duration.ofSeconds(30), new SplittableRandom(seed)))
                    .isEqualTo(POLICY.nextRefreshAt(hour, new SplittableRandom(seed)));
        }
    }

    @Test
    void startsTheJitterWindowAtTwiceTheLag_whenTheLagExceedsHalfTheMinimumMargin() {
        TokenSet hour = token(Duration.ofHours(1));

        for (long seed = 0; seed < 50; seed++) {
            assertThat(POLICY.nextRefreshAt(hour, Duration.ofMinutes(2), new SplittableRandom(seed)))
                    .isBetween(hour.expiresAt().minusSeconds(240 + 120), hour.expiresAt().minusSeconds(240));
        }
    }

    @ParameterizedTest
    @CsvSource({"0, 10", "3, 10", "5, 10", "8, 4", "9, 2", "12, 2", "3600, 2"})
    void refreshesTwentySecondTokenEarlier_asTheLagGrows(long lagSeconds, long dueSecondsAfterIssue) {
        TokenSet twentySeconds = token(Duration.ofSeconds(20));

        assertThat(POLICY.nextRefreshAt(twentySeconds, Duration.ofSeconds(lagSeconds), new SplittableRandom(1)))
                .isEqualTo(ISSUED_AT.plusSeconds(dueSecondsAfterIssue));
    }

    @ParameterizedTest
    @MethodSource("dev.tokenkeeper.core.token.RandomTokenSets#seeds")
    void refreshesNoLaterThanWithoutLag_andNeverInTheFirstTenthOfTheLifetime_forAnyLag(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < RandomTokenSets.CASES_PER_SEED; i++) {
            TokenSet tokens = RandomTokenSets.expiring(random);
            Duration lifetime = tokens.lifetime().orElseThrow();
            Duration lag = random.nextBoolean() ? RandomTokenSets.lifetime(random) : Duration.ZERO;
            long jitterSeed = random.nextLong();

            Instant withLag = POLICY.nextRefreshAt(tokens, lag, new SplittableRandom(jitterSeed));
            Instant withoutLag = POLICY.nextRefreshAt(tokens, new SplittableRandom(jitterSeed));

            assertThat(withLag).as("lifetime %s, lag %s", lifetime, lag)
                    .isBetween(tokens.issuedAt().plus(lifetime.dividedBy(10)), withoutLag);
            assertThat(POLICY.usable(tokens, withLag)).as("usable at refresh, lifetime %s", lifetime).isTrue();
            if (lag.multipliedBy(2).compareTo(lifetime.minus(lifetime.dividedBy(10))) <= 0) {
                assertThat(Duration.between(withLag, tokens.expiresAt())).as("lifetime %s, lag %s", lifetime, lag)
                        .isGreaterThanOrEqualTo(lag.multipliedBy(2));
            }
        }
    }

    @Test
    void rejectsConfiguration_whenMinimumMarginDoesNotExceedBuffer() {
        assertThatThrownBy(() -> new ExpiryPolicy(
                        Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(90)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsConfiguration_whenMaximumMarginIsBelowMinimum() {
        assertThatThrownBy(() -> new ExpiryPolicy(
                        Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(59)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
