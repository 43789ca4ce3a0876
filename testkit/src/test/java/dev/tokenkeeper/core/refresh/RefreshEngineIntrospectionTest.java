package dev.tokenkeeper.core.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.connection.ConnectionEvent;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.provider.RotationSettings;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.RefreshTokenPolicy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The crash window with RFC 7662 token introspection: a provider that rotates refresh tokens with reuse detection and
 * no grace period is asked whether an interrupted attempt's refresh token still works before it is sent again.
 */
class RefreshEngineIntrospectionTest {

    @Test
    void freshToken_marksNeedsReauthWithTheIntrospectionAnswer_whenTheLostRequestHadRotatedTheToken() {
        try (EngineFixture fixture = rotatingWithIntrospection()) {
            EngineFixture.Imported imported = fixture.importExpired("introspected-dead");
            fixture.dieAfterSending(imported, true);

            TokenAnswer answer = fixture.engine("instance-b").freshToken(imported.id());

            assertThat(answer).isInstanceOfSatisfying(TokenAnswer.Stale.class, stale -> {
                assertThat(stale.state()).isEqualTo(ConnectionState.NEEDS_REAUTH);
                assertThat(stale.lastError().reason().code()).isEqualTo("refresh_interrupted");
                assertThat(stale.lastError().reason().message()).contains("no longer active");
                assertThat(stale.lastError().reason().providerStatus()).isEqualTo(200);
                assertThat(stale.lastError().reason().providerDescription())
                        .contains(fixture.provider.introspectionUrl().toString(), "active=false");
            });
            assertThat(fixture.provider.introspectionCount()).isEqualTo(1);
            assertThat(fixture.provider.refreshCount(imported.grantId())).as("only the lost request").isEqualTo(1);
            assertThat(fixture.provider.anyGrantRevoked()).as("the spent refresh token was not reused").isFalse();
            assertNoSecretIn(fixture, imported);
        }
    }

    @Test
    void freshToken_resendsAndStaysActive_whenTheHolderDiedBetweenItsMarkAndItsRequest() {
        try (EngineFixture fixture = rotatingWithIntrospection()) {
            EngineFixture.Imported imported = fixture.importExpired("introspected-alive");
            fixture.dieAfterSending(imported, false);

            TokenAnswer answer = fixture.engine("instance-b").freshToken(imported.id());

            assertThat(answer).isInstanceOf(TokenAnswer.Fresh.class);
            assertThat(fixture.stored(imported.id()).state()).isEqualTo(ConnectionState.ACTIVE);
            assertThat(fixture.stored(imported.id()).tokens().refreshToken()).isEqualTo(
                    Secret.of(fixture.provider.currentRefreshToken(imported.grantId()).orElseThrow()));
            assertThat(fixture.provider.introspectionCount()).isEqualTo(1);
            assertThat(fixture.provider.refreshCount(imported.grantId())).isEqualTo(1);
            assertThat(fixture.provider.anyGrantRevoked()).isFalse();
            assertThat(fixture.store.events(imported.id(), 10)).filteredOn(ConnectionEvent.RefreshAttempted.class
                    ::isInstance).singleElement().satisfies(event -> assertThat(
                            ((ConnectionEvent.RefreshAttempted) event).notes()).anySatisfy(note -> assertThat(note)
                            .contains("resent after an interrupted refresh", "active=true")));
            assertNoSecretIn(fixture, imported);
        }
    }

    @Test
    void freshToken_takesTheConservativePathAndRecordsWhy_whenTheIntrospectionEndpointFails() {
        try (EngineFixture fixture = rotatingWithIntrospection()) {
            fixture.provider.introspection(false);
            EngineFixture.Imported imported = fixture.importExpired("introspection-404");
            fixture.dieAfterSending(imported, false);

            TokenAnswer answer = fixture.engine("instance-b").freshToken(imported.id());

            assertThat(answer).isInstanceOfSatisfying(TokenAnswer.Stale.class, stale -> {
                assertThat(stale.state()).isEqualTo(ConnectionState.NEEDS_REAUTH);
                assertThat(stale.lastError().reason().code()).isEqualTo("refresh_interrupted");
                assertThat(stale.lastError().reason().message()).contains("not sent again");
                assertThat(stale.lastError().reason().providerStatus()).isEqualTo(404);
                assertThat(stale.lastError().reason().providerDescription()).contains("HTTP 404");
            });
            assertThat(fixture.provider.introspectionCount()).isEqualTo(1);
            assertThat(fixture.provider.refreshCount(imported.grantId())).isZero();
            assertNoSecretIn(fixture, imported);
        }
    }

    @Test
    void freshToken_takesTheConservativePathAndRecordsWhy_whenTheIntrospectionEndpointIsUnreachable()
            throws IOException {
        try (EngineFixture fixture = rotatingWithIntrospection()) {
            URI nowhere = URI.create("http://127.0.0.1:" + closedPort() + "/oauth/introspect");
            fixture.providers.put(fixture.config(b -> b.rotation(new RotationSettings(true, Duration.ZERO))
                    .introspectionUrl(nowhere)));
            EngineFixture.Imported imported = fixture.importExpired("introspection-unreachable");
            fixture.dieAfterSending(imported, false);

            TokenAnswer answer = fixture.engine("instance-b").freshToken(imported.id());

            assertThat(answer).isInstanceOfSatisfying(TokenAnswer.Stale.class, stale -> {
                assertThat(stale.lastError().reason().code()).isEqualTo("refresh_interrupted");
                assertThat(stale.lastError().reason().providerStatus()).isNull();
                assertThat(stale.lastError().reason().providerDescription()).contains(nowhere.toString(), "failed");
            });
            assertThat(fixture.provider.refreshCount(imported.grantId())).isZero();
        }
    }

    @Test
    void freshToken_doesNotAskIntrospection_whenTheLeaseLeavesNoTimeForItAndTheResend() {
        try (EngineFixture fixture = rotatingWithIntrospection()) {
            EngineFixture.Imported imported = fixture.importExpired("introspection-no-time");
            fixture.dieAfterSending(imported, false);
            RefreshSettings tight = RefreshSettings.defaults("instance-b")
                    .withTimings(Duration.ofSeconds(2), Duration.ofSeconds(3));

            TokenAnswer answer = fixture.engine(tight).freshToken(imported.id());

            assertThat(answer).isInstanceOfSatisfying(TokenAnswer.Stale.class, stale -> {
                assertThat(stale.lastError().reason().code()).isEqualTo("refresh_interrupted");
                assertThat(stale.lastError().reason().providerDescription()).contains("no time was left");
            });
            assertThat(fixture.provider.introspectionCount()).isZero();
            assertThat(fixture.provider.refreshCount(imported.grantId())).isZero();
        }
    }

    /** A fixture whose provider rotates with reuse detection and no grace, and whose config names introspection. */
    private static EngineFixture rotatingWithIntrospection() {
        EngineFixture fixture = new EngineFixture();
        fixture.provider.quirks().refreshTokens(RefreshTokenPolicy.ROTATE).reuseDetection(true);
        fixture.providers.put(fixture.config(b -> b.rotation(new RotationSettings(true, Duration.ZERO))
                .introspectionUrl(fixture.provider.introspectionUrl())));
        return fixture;
    }

    /** Neither the refresh tokens nor the client secret appear in the stored error or the connection's events. */
    private static void assertNoSecretIn(EngineFixture fixture, EngineFixture.Imported imported) {
        String stored = String.valueOf(fixture.stored(imported.id()).lastError())
                + fixture.store.events(imported.id(), 100);
        assertThat(stored).doesNotContain(imported.grant().refreshToken(), FakeProvider.DEFAULT_CLIENT_SECRET);
        fixture.provider.currentRefreshToken(imported.grantId())
                .ifPresent(current -> assertThat(stored).doesNotContain(current));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
