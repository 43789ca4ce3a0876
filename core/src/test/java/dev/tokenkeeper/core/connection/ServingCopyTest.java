package dev.tokenkeeper.core.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.core.refresh.FailureReason;
import dev.tokenkeeper.core.refresh.TokenAnswer;
import dev.tokenkeeper.core.token.ExpiryPolicy;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.token.TokenSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hit's copy of a connection decides exactly as the expiry policy does on the connection itself, and answers
 * nothing for a connection that is not active.
 */
class ServingCopyTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    private static Connection connection(Instant issuedAt, Instant expiresAt, Instant nextRefreshAt) {
        TokenSet tokens = new TokenSet(Secret.of("at"), Secret.of("rt"), "Bearer", issuedAt, expiresAt, List.of(),
                Map.of());
        return ConnectionLifecycle.created("c1", "fake", tokens, Map.of(), issuedAt, nextRefreshAt).after();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void freshAtAndUsableAt_agreeWithThePolicyOnTheConnection_forRandomTokensSchedulesAndMoments(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 20_000; i++) {
            long lifetimeNanos = Math.max(1, (long) Math.pow(2, random.nextDouble(0, 62.4)));
            Duration buffer = Duration.ofNanos(random.nextLong(0, Duration.ofHours(2).toNanos()));
            ExpiryPolicy policy = new ExpiryPolicy(buffer, buffer.plusSeconds(30), buffer.plusSeconds(90));
            Instant expiresAt = random.nextInt(10) == 0 ? null : NOW.plusNanos(lifetimeNanos);
            Instant scheduled = random.nextBoolean() ? null : NOW.plusNanos(random.nextLong(0, lifetimeNanos));
            Connection connection = connection(NOW, expiresAt, scheduled);
            long nowMillis = NOW.toEpochMilli() + random.nextLong(-1_000, lifetimeNanos / 1_000_000 + 1_000);
            ServingCopy copy = ServingCopy.of(connection);

            assertThat(copy.freshAt(policy, nowMillis)).as("fresh at %d: %s", nowMillis, connection)
                    .isEqualTo(policy.fresh(connection.tokens(), scheduled, nowMillis));
            Instant first = Instant.ofEpochMilli(nowMillis);
            if (copy.usableAt(policy, nowMillis)) {
                assertThat(policy.usable(connection.tokens(), first)
                        && policy.usable(connection.tokens(), first.plusNanos(999_999)))
                        .as("usable through the millisecond %s: %s", first, connection).isTrue();
            }
            if (policy.usable(connection.tokens(), first.minusMillis(1))
                    && policy.usable(connection.tokens(), first.plusMillis(2))) {
                assertThat(copy.usableAt(policy, nowMillis)).as("usable either side of %s", first).isTrue();
            }
        }
    }

    @Test
    void freshAtAndUsableAt_areFalse_whenTheConnectionIsNotActive() {
        Connection active = connection(NOW, NOW.plus(Duration.ofHours(1)), null);
        Connection reauth = ConnectionLifecycle.unrefreshable(active, ConnectionState.NEEDS_REAUTH,
                FailureReason.of("invalid_grant", "revoked", Cause.GRANT_REVOKED), NOW).after();
        long nowMillis = NOW.toEpochMilli();

        assertThat(ServingCopy.of(active).freshAt(ExpiryPolicy.DEFAULT, nowMillis)).isTrue();
        assertThat(ServingCopy.of(reauth).freshAt(ExpiryPolicy.DEFAULT, nowMillis)).isFalse();
        assertThat(ServingCopy.of(reauth).usableAt(ExpiryPolicy.DEFAULT, nowMillis)).isFalse();
        assertThat(ServingCopy.of(reauth).connection()).isSameAs(reauth);
    }

    @Test
    void answer_isTheConnectionAsFresh_theSameObjectForEveryHitOfOneVersion() {
        Connection connection = connection(NOW, NOW.plus(Duration.ofHours(1)), null);
        ServingCopy copy = ServingCopy.of(connection);

        assertThat(copy.answer()).isEqualTo(new TokenAnswer.Fresh(connection));
        assertThat(copy.answer()).isSameAs(copy.answer());
        assertThat(ServingCopy.of(connection).answer()).isNotSameAs(copy.answer());
    }

    @Test
    void freshAt_holdsForTokensBeyond2262_andIsFalseForExpiriesBefore1970() {
        long nowMillis = NOW.toEpochMilli();

        assertThat(ServingCopy.of(connection(NOW, Instant.parse("3000-01-01T00:00:00Z"), null))
                .freshAt(ExpiryPolicy.DEFAULT, nowMillis)).isTrue();
        assertThat(ServingCopy.of(connection(Instant.parse("1960-01-01T00:00:00Z"),
                Instant.parse("1965-01-01T00:00:00Z"), null)).usableAt(ExpiryPolicy.DEFAULT, nowMillis)).isFalse();
    }
}
