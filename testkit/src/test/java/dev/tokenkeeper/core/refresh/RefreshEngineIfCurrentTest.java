package dev.tokenkeeper.core.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.fake.RefreshTokenPolicy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Refreshing because the provider rejected a token: only while that token is still the stored one. */
class RefreshEngineIfCurrentTest {

    @Test
    void refreshIfCurrent_refreshesOnce_whenTheRejectedTokenIsStillStored() {
        try (EngineFixture fixture = new EngineFixture()) {
            EngineFixture.Imported imported = fixture.importGrant("rejected-1");
            Secret used = imported.connection().tokens().accessToken();

            TokenAnswer answer = fixture.engine("instance-a").refreshIfCurrent(imported.id(), used);

            assertThat(answer).isInstanceOfSatisfying(TokenAnswer.Fresh.class, fresh ->
                    assertThat(fresh.tokens().accessToken()).isNotEqualTo(used).isEqualTo(
                            Secret.of(fixture.provider.currentAccessToken(imported.grantId()).orElseThrow())));
            assertThat(fixture.provider.refreshCount(imported.grantId())).isEqualTo(1);
            assertThat(fixture.stored(imported.id()).refreshCount()).isEqualTo(1);
        }
    }

    @Test
    void refreshIfCurrent_answersTheNewerTokenWithoutRefreshing_whenAnotherCallerAlreadyRefreshed() {
        try (EngineFixture fixture = new EngineFixture()) {
            EngineFixture.Imported imported = fixture.importGrant("rejected-2");
            RefreshEngine engine = fixture.engine("instance-a");
            TokenAnswer first = engine.refresh(imported.id());

            TokenAnswer late = engine.refreshIfCurrent(imported.id(), imported.connection().tokens().accessToken());

            assertThat(late).isInstanceOfSatisfying(TokenAnswer.Fresh.class, fresh ->
                    assertThat(fresh.tokens()).isEqualTo(((TokenAnswer.Fresh) first).tokens()));
            assertThat(fixture.provider.refreshCount(imported.grantId())).isEqualTo(1);
        }
    }

    @Test
    void refreshIfCurrent_callsTheProviderOnce_when100CallersOnTwoInstancesReportTheSameRejectedToken()
            throws Exception {
        try (EngineFixture fixture = new EngineFixture()) {
            fixture.provider.quirks().refreshTokens(RefreshTokenPolicy.ROTATE).reuseDetection(true)
                    .tokenLatency(Duration.ofMillis(200));
            EngineFixture.Imported imported = fixture.importGrant("rejected-3");
            Secret used = imported.connection().tokens().accessToken();
            RefreshEngine[] engines = {fixture.engine("instance-a"), fixture.engine("instance-b")};

            List<TokenAnswer> answers = RefreshEngineConcurrencyTest.askConcurrently(100,
                    caller -> engines[caller % 2].refreshIfCurrent(imported.id(), used));

            assertThat(fixture.provider.refreshCount(imported.grantId())).isEqualTo(1);
            assertThat(fixture.provider.anyGrantRevoked()).isFalse();
            Secret current = Secret.of(fixture.provider.currentAccessToken(imported.grantId()).orElseThrow());
            assertThat(answers).hasSize(100).allSatisfy(answer -> assertThat(answer).isInstanceOfSatisfying(
                    TokenAnswer.Fresh.class, fresh -> assertThat(fresh.tokens().accessToken()).isEqualTo(current)));
        }
    }

    @Test
    void refreshIfCurrent_doesNotRefresh_whenAnotherInstanceRefreshedBetweenItsReadAndItsLease() {
        try (EngineFixture fixture = new EngineFixture()) {
            EngineFixture.Imported imported = fixture.importGrant("rejected-4");
            RefreshEngine other = fixture.engine("instance-a");
            RefreshEngine late = fixture.engineRacedAfterFirstRead("instance-b",
                    id -> assertThat(other.refresh(id)).isInstanceOf(TokenAnswer.Fresh.class));

            TokenAnswer answer = late.refreshIfCurrent(imported.id(), imported.connection().tokens().accessToken());

            assertThat(answer).isInstanceOfSatisfying(TokenAnswer.Fresh.class, fresh ->
                    assertThat(fresh.tokens()).isEqualTo(fixture.stored(imported.id()).tokens()));
            assertThat(fixture.provider.refreshCount(imported.grantId())).isEqualTo(1);
        }
    }

    @Test
    void refreshIfCurrent_marksNeedsReauth_whenTheProviderRefusesTheRefreshWithInvalidGrant() {
        try (EngineFixture fixture = new EngineFixture()) {
            EngineFixture.Imported imported = fixture.importGrant("rejected-5");
            fixture.provider.revokeGrant(imported.grantId());

            TokenAnswer answer = fixture.engine("instance-a").refreshIfCurrent(imported.id(),
                    imported.connection().tokens().accessToken());

            assertThat(answer).isInstanceOfSatisfying(TokenAnswer.Stale.class, stale -> {
                assertThat(stale.state()).isEqualTo(ConnectionState.NEEDS_REAUTH);
                assertThat(stale.lastError().reason().code()).isEqualTo("invalid_grant");
            });
            assertThat(fixture.stored(imported.id()).state()).isEqualTo(ConnectionState.NEEDS_REAUTH);
        }
    }

    @Test
    void refreshIfCurrent_answersStaleWithoutCallingTheProvider_whenTheConnectionAlreadyNeedsReauth() {
        try (EngineFixture fixture = new EngineFixture()) {
            EngineFixture.Imported imported = fixture.importGrant("rejected-6");
            fixture.provider.revokeGrant(imported.grantId());
            RefreshEngine engine = fixture.engine("instance-a");
            engine.refresh(imported.id());
            long before = fixture.provider.refreshCount(imported.grantId());

            TokenAnswer answer = engine.refreshIfCurrent(imported.id(), imported.connection().tokens().accessToken());

            assertThat(answer).isInstanceOf(TokenAnswer.Stale.class);
            assertThat(fixture.provider.refreshCount(imported.grantId())).isEqualTo(before);
        }
    }

    @Test
    void refreshIfCurrent_answersNotFound_forAnUnknownConnection() {
        try (EngineFixture fixture = new EngineFixture()) {
            assertThat(fixture.engine("instance-a").refreshIfCurrent("nobody", Secret.of("at_x")))
                    .isInstanceOf(TokenAnswer.NotFound.class);
        }
    }
}
