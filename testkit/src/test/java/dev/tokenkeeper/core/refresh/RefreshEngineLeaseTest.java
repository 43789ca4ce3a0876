package dev.tokenkeeper.core.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.port.Lease;
import dev.tokenkeeper.core.provider.RotationSettings;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.testkit.clock.SettableClock;
import dev.tokenkeeper.fake.AfterHang;
import dev.tokenkeeper.fake.RefreshTokenPolicy;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** Leases and fencing: stale holders, crashed holders, and what happens to the answers they hold. */
class RefreshEngineLeaseTest {

    @Test
    void refresh_quarantinesTheAnswer_whenTheHolderLostItsLeaseBeforeCommitting() throws Exception {
        SettableClock clock = new SettableClock();
        try (EngineFixture fixture = new EngineFixture(clock);
                var background = Executors.newVirtualThreadPerTaskExecutor()) {
            fixture.provider.quirks().refreshTokens(RefreshTokenPolicy.ROTATE).reuseDetection(true);
            EngineFixture.Imported imported = fixture.importExpired("stale-holder-1");
            RefreshEngine engine = fixture.engine("instance-a");
            fixture.provider.quirks().hangNextTokenRequests(1, Duration.ofMillis(800), AfterHang.ANSWER);

            CompletableFuture<TokenAnswer> answer = CompletableFuture.supplyAsync(
                    () -> engine.freshToken(imported.id()), background);
            await().atMost(Duration.ofSeconds(10)).until(() -> fixture.provider.hangingTokenRequests() == 1);
            clock.advance(Duration.ofSeconds(31));
            Lease successor = fixture.leases.tryAcquire(imported.id(), "instance-b", Duration.ofSeconds(30))
                    .orElseThrow();

            assertThat(answer.get()).isInstanceOfSatisfying(TokenAnswer.Unavailable.class,
                    later -> assertThat(later.reason().code()).isEqualTo("lease_lost"));
            assertThat(fixture.stored(imported.id()).tokens()).isEqualTo(imported.connection().tokens());
            assertThat(fixture.store.quarantined(imported.id())).singleElement().satisfies(kept -> {
                assertThat(kept.fence()).isLessThan(successor.fence());
                assertThat(kept.tokens().refreshToken()).isEqualTo(
                        Secret.of(fixture.provider.currentRefreshToken(imported.grantId()).orElseThrow()));
            });
        }
    }

    @Test
    void freshToken_marksNeedsReauthWithoutResending_whenAHolderDiedAfterSendingAndRotationHasNoGrace() {
        try (EngineFixture fixture = new EngineFixture()) {
            fixture.provider.quirks().refreshTokens(RefreshTokenPolicy.ROTATE).reuseDetection(true);
            EngineFixture.Imported imported = fixture.importExpired("crashed-1");
            fixture.dieAfterSending(imported, true);
            RefreshEngine engine = fixture.engine("instance-b");

            TokenAnswer answer = engine.freshToken(imported.id());

            assertThat(answer).isInstanceOfSatisfying(TokenAnswer.Stale.class, stale -> {
                assertThat(stale.state()).isEqualTo(ConnectionState.NEEDS_REAUTH);
                assertThat(stale.lastError().reason().code()).isEqualTo("refresh_interrupted");
                assertThat(stale.lastError().reason().message()).contains("not sent again");
            });
            assertThat(fixture.provider.refreshCount(imported.grantId())).as("only the lost request").isEqualTo(1);
            assertThat(fixture.provider.anyGrantRevoked()).as("the old refresh token was not reused").isFalse();
        }
    }

    @Test
    void freshToken_retriesOnceAndRecovers_whenAHolderDiedAndTheProviderKeepsRefreshTokens() {
        try (EngineFixture fixture = new EngineFixture()) {
            fixture.provider.quirks().refreshTokens(RefreshTokenPolicy.REUSE);
            fixture.providers.put(fixture.config(b -> b.rotation(new RotationSettings(false, Duration.ZERO))));
            EngineFixture.Imported imported = fixture.importExpired("crashed-2");
            fixture.dieAfterSending(imported, true);
            RefreshEngine engine = fixture.engine("instance-b");

            TokenAnswer answer = engine.freshToken(imported.id());

            assertThat(answer).isInstanceOf(TokenAnswer.Fresh.class);
            assertThat(fixture.provider.refreshCount(imported.grantId())).isEqualTo(2);
            assertThat(fixture.provider.anyGrantRevoked()).isFalse();
        }
    }

    @Test
    void freshToken_recovers_whenAHolderDiedAfterItsRotationAndTheProviderHasAGracePeriod() {
        try (EngineFixture fixture = new EngineFixture()) {
            fixture.provider.quirks().refreshTokens(RefreshTokenPolicy.ROTATE).reuseDetection(true)
                    .reuseGracePeriod(Duration.ofSeconds(60));
            fixture.providers.put(fixture.config(b -> b.rotation(new RotationSettings(true, Duration.ofSeconds(60)))));
            EngineFixture.Imported imported = fixture.importExpired("crashed-3");
            fixture.dieAfterSending(imported, true);
            RefreshEngine engine = fixture.engine("instance-b");

            TokenAnswer answer = engine.freshToken(imported.id());

            assertThat(answer).isInstanceOf(TokenAnswer.Fresh.class);
            assertThat(fixture.provider.anyGrantRevoked()).isFalse();
            assertThat(fixture.stored(imported.id()).tokens().refreshToken()).isEqualTo(
                    Secret.of(fixture.provider.currentRefreshToken(imported.grantId()).orElseThrow()));
        }
    }

    @Test
    void freshToken_recovers_whenAHolderDiedBeforeTheProviderSawItsRequest_withinTheGracePeriod() {
        try (EngineFixture fixture = new EngineFixture()) {
            fixture.provider.quirks().refreshTokens(RefreshTokenPolicy.ROTATE).reuseDetection(true);
            fixture.providers.put(fixture.config(b -> b.rotation(new RotationSettings(true, Duration.ofSeconds(60)))));
            EngineFixture.Imported imported = fixture.importExpired("crashed-4");
            fixture.dieAfterSending(imported, false);
            RefreshEngine engine = fixture.engine("instance-b");

            assertThat(engine.freshToken(imported.id())).isInstanceOf(TokenAnswer.Fresh.class);
            assertThat(fixture.provider.anyGrantRevoked()).isFalse();
        }
    }

    @Test
    void freshToken_marksNeedsReauthWithoutResending_whenTheGracePeriodHasPassedSinceTheInterruptedRequest() {
        SettableClock clock = new SettableClock();
        try (EngineFixture fixture = new EngineFixture(clock)) {
            fixture.provider.quirks().refreshTokens(RefreshTokenPolicy.ROTATE).reuseDetection(true);
            fixture.providers.put(fixture.config(b -> b.rotation(new RotationSettings(true, Duration.ofSeconds(60)))));
            EngineFixture.Imported imported = fixture.importExpired("crashed-5");
            fixture.dieAfterSending(imported, false);
            clock.advance(Duration.ofSeconds(61));

            TokenAnswer answer = fixture.engine("instance-b").freshToken(imported.id());

            assertThat(answer).isInstanceOfSatisfying(TokenAnswer.Stale.class, stale ->
                    assertThat(stale.lastError().reason().code()).isEqualTo("refresh_interrupted"));
            assertThat(fixture.provider.refreshCount(imported.grantId())).isZero();
        }
    }

    @Test
    void freshToken_namesTheLostGrant_whenTheRetryOfAnInterruptedRefreshIsRefused() {
        try (EngineFixture fixture = new EngineFixture()) {
            fixture.provider.quirks().refreshTokens(RefreshTokenPolicy.ROTATE);
            fixture.providers.put(fixture.config(b -> b.rotation(new RotationSettings(true, Duration.ofSeconds(60)))));
            EngineFixture.Imported imported = fixture.importExpired("crashed-6");
            fixture.dieAfterSending(imported, true);

            TokenAnswer answer = fixture.engine("instance-b").freshToken(imported.id());

            assertThat(answer).isInstanceOfSatisfying(TokenAnswer.Stale.class, stale -> {
                assertThat(stale.state()).isEqualTo(ConnectionState.NEEDS_REAUTH);
                assertThat(stale.lastError().reason().code()).isEqualTo("refresh_interrupted");
                assertThat(stale.lastError().reason().providerError()).isEqualTo("invalid_grant");
            });
        }
    }

    @Test
    void freshToken_doesNotRefreshAgain_whenAnotherInstanceRefreshedBetweenItsReadAndItsLease() {
        try (EngineFixture fixture = new EngineFixture()) {
            fixture.provider.quirks().refreshTokens(RefreshTokenPolicy.ROTATE).reuseDetection(true);
            EngineFixture.Imported imported = fixture.importExpired("raced-read-1");
            RefreshEngine other = fixture.engine("instance-a");
            RefreshEngine late = fixture.engineRacedAfterFirstRead("instance-b",
                    id -> assertThat(other.freshToken(id)).isInstanceOf(TokenAnswer.Fresh.class));

            TokenAnswer answer = late.freshToken(imported.id());

            assertThat(answer).isInstanceOf(TokenAnswer.Fresh.class);
            assertThat(fixture.provider.refreshCount(imported.grantId())).isEqualTo(1);
            assertThat(fixture.provider.anyGrantRevoked()).isFalse();
        }
    }
}
