package dev.tokenkeeper.core.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionLifecycle;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.provider.RotationSettings;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.token.TokenSet;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import dev.tokenkeeper.fake.RefreshTokenPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A reconnect after a crash: the holder that died mid-refresh left its attempt marked on the old grant; the new grant
 * the user brings is refreshed normally, never taken for an interrupted refresh of itself.
 */
class RefreshEngineReconnectTest {

    @Test
    void freshToken_refreshesTheNewGrantNormally_whenAReconnectFollowedACrashedRefresh() {
        try (EngineFixture fixture = new EngineFixture()) {
            fixture.provider.quirks().refreshTokens(RefreshTokenPolicy.ROTATE).reuseDetection(true);
            fixture.providers.put(fixture.config(b -> b.rotation(new RotationSettings(true, Duration.ZERO))));
            EngineFixture.Imported imported = fixture.importExpired("reconnected-after-crash");
            fixture.dieAfterSending(imported, true);

            IssuedGrant fresh = fixture.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID, "read");
            Connection current = fixture.stored(imported.id());
            Instant now = fixture.clock.instant();
            TokenSet expiredAlready = new TokenSet(Secret.of("expired-" + fresh.accessToken()),
                    Secret.of(fresh.refreshToken()), "Bearer", now.minus(Duration.ofHours(2)),
                    now.minus(Duration.ofHours(1)), List.of("read"), Map.of());
            assertThat(fixture.store.commit(ConnectionLifecycle.reconnected(current, expiredAlready, now, null),
                    current.generation(), null)).isTrue();
            await().atMost(Duration.ofSeconds(30)).until(() -> fixture.leases.tryAcquire(imported.id(), "probe",
                    Duration.ofMillis(1)).map(probe -> {
                        fixture.leases.release(probe);
                        return true;
                    }).orElse(false));

            TokenAnswer answer = fixture.engine("instance-b").freshToken(imported.id());

            assertThat(answer).isInstanceOf(TokenAnswer.Fresh.class);
            assertThat(fixture.stored(imported.id()).state()).isEqualTo(ConnectionState.ACTIVE);
            assertThat(fixture.provider.refreshCount(fresh.grantId())).isEqualTo(1);
            assertThat(fixture.provider.anyGrantRevoked()).isFalse();
        }
    }
}
