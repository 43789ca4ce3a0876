package dev.tokenkeeper.core.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.provider.RotationSettings;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.testkit.clock.SettableClock;
import dev.tokenkeeper.fake.AfterHang;
import dev.tokenkeeper.fake.RefreshTokenPolicy;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A refresh whose request left but got no answer (it timed out, or its connection was dropped) may have been
 * processed by the provider, which may have rotated the refresh token: the next attempt follows the crash-window
 * rules, as after a crash, instead of sending that refresh token again where reuse detection would revoke the grant.
 */
class RefreshEngineTimeoutTest {
    private static final Instant START = Instant.parse("2026-01-05T10:00:00Z");
    /** Short, so that the provider's hang outlasts it; the lease is longer, as the settings require. */
    private static final Duration DEADLINE = Duration.ofMillis(500);
    private static final Duration HANG = Duration.ofMillis(1500);

    private final SettableClock clock = new SettableClock(() -> START);

    @Test
    void freshToken_surfacesRefreshInterruptedWithoutResending_whenARotatingRefreshTimedOutWithoutGrace() {
        try (EngineFixture fixture = new EngineFixture(clock)) {
            fixture.provider.quirks().refreshTokens(RefreshTokenPolicy.ROTATE).reuseDetection(true);
            fixture.providers.put(fixture.config(b -> b.rotation(new RotationSettings(true, Duration.ZERO))));
            EngineFixture.Imported expired = fixture.importExpired("timed-out");
            RefreshEngine engine = fixture.engine(RefreshSettings.defaults("a").withTimings(DEADLINE,
                    Duration.ofSeconds(5)));
            fixture.provider.quirks().hangNextTokenRequests(1, HANG, AfterHang.ANSWER);

            assertThat(engine.freshToken(expired.id())).isInstanceOf(TokenAnswer.Unavailable.class);
            // the provider rotates the refresh token in the hung request after the deadline: the one held is used up
            awaitAnswered(fixture, expired);
            clock.advance(Duration.ofMinutes(10));
            TokenAnswer next = engine.freshToken(expired.id());

            assertThat(next).isInstanceOfSatisfying(TokenAnswer.Stale.class, stale -> {
                assertThat(stale.lastError().reason().code()).isEqualTo("refresh_interrupted");
                assertThat(stale.lastError().reason().cause()).isEqualTo(Cause.REFRESH_INTERRUPTED);
            });
            assertThat(fixture.provider.refreshCount(expired.grantId())).as("the used-up token is not sent again")
                    .isEqualTo(1);
            assertThat(fixture.provider.anyGrantRevoked()).isFalse();
        }
    }

    @Test
    void freshToken_resendsAndKeepsTheGrant_whenARotatingRefreshTimedOutWithinTheGracePeriod() {
        try (EngineFixture fixture = new EngineFixture(clock)) {
            Duration grace = Duration.ofSeconds(60);
            fixture.provider.quirks().refreshTokens(RefreshTokenPolicy.ROTATE).reuseDetection(true)
                    .reuseGracePeriod(grace);
            fixture.providers.put(fixture.config(b -> b.rotation(new RotationSettings(true, grace))));
            EngineFixture.Imported expired = fixture.importExpired("timed-out-in-grace");
            RefreshEngine engine = fixture.engine(RefreshSettings.defaults("a").withTimings(DEADLINE,
                    Duration.ofSeconds(5)));
            fixture.provider.quirks().hangNextTokenRequests(1, HANG, AfterHang.ANSWER);

            assertThat(engine.freshToken(expired.id())).isInstanceOf(TokenAnswer.Unavailable.class);
            awaitAnswered(fixture, expired);
            clock.advance(Duration.ofSeconds(10)); // past the backoff and the lease, within the grace period
            TokenAnswer next = engine.freshToken(expired.id());

            assertThat(next).isInstanceOf(TokenAnswer.Fresh.class);
            Connection stored = fixture.stored(expired.id());
            assertThat(stored.state()).isEqualTo(ConnectionState.ACTIVE);
            assertThat(stored.tokens().refreshToken()).isEqualTo(
                    Secret.of(fixture.provider.currentRefreshToken(expired.grantId()).orElseThrow()));
            assertThat(fixture.provider.anyGrantRevoked()).isFalse();
        }
    }

    /** Waits until the provider has answered the hung request, rotating the refresh token (wall time: a real hang). */
    private static void awaitAnswered(EngineFixture fixture, EngineFixture.Imported imported) {
        await().atMost(Duration.ofSeconds(30)).until(() -> fixture.provider.hangingTokenRequests() == 0
                && fixture.provider.history(imported.grantId()).stream().anyMatch(call -> call.status() == 200));
    }
}
