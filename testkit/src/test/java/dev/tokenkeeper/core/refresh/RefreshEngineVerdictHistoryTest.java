package dev.tokenkeeper.core.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionEvent.StateChanged;
import dev.tokenkeeper.core.connection.ConnectionLifecycle;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.connection.CurrentCause;
import dev.tokenkeeper.core.connection.EventType;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.token.TokenSet;
import dev.tokenkeeper.testkit.clock.SettableClock;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Verdicts that need the connection's history: lasting outages, grants that die soon after a reconnect or at 7 days. */
class RefreshEngineVerdictHistoryTest {
    private final SettableClock clock = new SettableClock();
    private final EngineFixture fixture = new EngineFixture(clock);
    private final RefreshEngine engine = fixture.engine("instance-a");

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void refresh_blamesTheTokenHost_whenItStaysRefusedForAnHourOverThreeTries() throws IOException {
        URI refused = URI.create("http://127.0.0.1:" + closedPort() + "/token");
        fixture.providers.put(fixture.config(b -> b.tokenUrl(refused)));
        String id = fixture.importExpired("refused-1").id();

        TokenAnswer first = engine.freshToken(id);

        assertThat(first).isInstanceOfSatisfying(TokenAnswer.Unavailable.class, unavailable -> {
            assertThat(unavailable.reason().cause()).isEqualTo(Cause.PROVIDER_UNREACHABLE);
            assertThat(unavailable.reason().message()).contains("127.0.0.1:");
        });
        Instant started = fixture.stored(id).lastError().since();
        while (fixture.stored(id).state() == ConnectionState.ACTIVE && fixture.stored(id).consecutiveFailures() < 10) {
            Connection stored = fixture.stored(id);
            clock.advance(Duration.between(clock.instant(), stored.nextRefreshAt()).plus(Duration.ofMinutes(25)));
            engine.freshToken(id);
        }

        Connection broken = fixture.stored(id);
        assertThat(broken.state()).isEqualTo(ConnectionState.MISCONFIGURED);
        assertThat(broken.lastError().reason().cause()).isEqualTo(Cause.TOKEN_HOST_UNREACHABLE);
        assertThat(broken.lastError().since()).isEqualTo(started);
        assertThat(Duration.between(started, broken.lastError().at())).isGreaterThanOrEqualTo(Duration.ofHours(1));
        assertThat(broken.consecutiveFailures() + 1).isGreaterThanOrEqualTo(Escalation.MIN_UNREACHABLE_ATTEMPTS);
        assertThat(broken.lastError().reason().message()).contains("token_url", "127.0.0.1:");
    }

    @Test
    void refresh_retriesATlsFailure_namingTheHost() throws IOException {
        try (ServerSocket plainHttp = new ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> answerPlainHttp(plainHttp));
            URI https = URI.create("https://127.0.0.1:" + plainHttp.getLocalPort() + "/token");
            fixture.providers.put(fixture.config(b -> b.tokenUrl(https)));
            String id = fixture.importExpired("tls-1").id();

            TokenAnswer answer = engine.freshToken(id);

            assertThat(answer).isInstanceOfSatisfying(TokenAnswer.Unavailable.class, unavailable -> {
                assertThat(unavailable.reason().code()).isEqualTo("tls_failed");
                assertThat(unavailable.reason().message()).contains("127.0.0.1:" + plainHttp.getLocalPort());
            });
        }
    }

    /** A plain HTTP server: whatever arrives (a TLS hello included) gets a plain HTTP answer. */
    private static void answerPlainHttp(ServerSocket server) {
        while (!server.isClosed()) {
            try (java.net.Socket client = server.accept()) {
                client.setSoTimeout(5_000);
                client.getInputStream().read(new byte[512]);
                client.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            } catch (IOException e) {
                // closed at the end of the test, or the client hung up
            }
        }
    }

    @Test
    void refresh_namesAReconnectNotKept_whenTheNewGrantDiesWithinADay() {
        EngineFixture.Imported imported = fixture.importGrant("kept-1");
        clock.advance(Duration.ofDays(3));
        IssuedGrant again = fixture.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID, "read");
        Connection before = fixture.stored(imported.id());
        Instant now = clock.instant();
        TokenSet tokens = new TokenSet(Secret.of(again.accessToken()), Secret.of(again.refreshToken()), "Bearer",
                now, now.plus(Duration.ofHours(1)), List.of("read"), Map.of());
        assertThat(fixture.store.commit(ConnectionLifecycle.reconnected(before, tokens, now, null),
                before.generation(), null)).isTrue();
        clock.advance(Duration.ofHours(5));
        fixture.provider.revokeGrant(again.grantId());

        TokenAnswer answer = engine.refresh(imported.id());

        assertThat(answer).isInstanceOfSatisfying(TokenAnswer.Stale.class,
                stale -> assertThat(stale.lastError().reason().cause()).isEqualTo(Cause.RECONNECT_NOT_KEPT));
        assertThat(fixture.stored(imported.id()).lastError().reason().message()).contains("5 h after the user"
                + " reconnected");
    }

    @Test
    void refresh_namesTestingMode_whenTheGrantDiesAboutSevenDaysAfterItWasIssued() {
        EngineFixture.Imported imported = fixture.importGrant("seven-1");
        clock.advance(Duration.ofDays(7).plusHours(2));
        fixture.provider.revokeGrant(imported.grantId());

        TokenAnswer answer = engine.refresh(imported.id());

        assertThat(answer).isInstanceOfSatisfying(TokenAnswer.Stale.class, stale -> {
            assertThat(stale.state()).isEqualTo(ConnectionState.NEEDS_REAUTH);
            assertThat(stale.lastError().reason().cause()).isEqualTo(Cause.TESTING_MODE_EXPIRY);
            assertThat(stale.lastError().reason().cause().fix()).contains("Publish");
        });
    }

    @Test
    void refresh_keepsThePlainGrantCause_whenTheGrantDiesAtAnotherAge() {
        EngineFixture.Imported imported = fixture.importGrant("plain-1");
        clock.advance(Duration.ofDays(3));
        fixture.provider.revokeGrant(imported.grantId());

        TokenAnswer answer = engine.refresh(imported.id());

        assertThat(answer).isInstanceOfSatisfying(TokenAnswer.Stale.class, stale -> {
            assertThat(stale.lastError().reason().cause().actor()).isEqualTo(dev.tokenkeeper.core.cause.Actor.END_USER);
            assertThat(stale.lastError().reason().cause()).isNotIn(Cause.TESTING_MODE_EXPIRY,
                    Cause.RECONNECT_NOT_KEPT);
        });
    }

    @Test
    void refresh_escalatesOnceToRefreshFailing_whenRetryableFailuresLastThreeDays() {
        String id = fixture.importExpired("failing-1").id();
        fixture.provider.quirks().serverErrorNextTokenRequests(1_000, 503, false);
        engine.freshToken(id);
        Instant started = fixture.stored(id).lastError().since();

        for (int round = 0; round < 40 && clock.instant().isBefore(started.plus(Duration.ofDays(4))); round++) {
            engine.freshToken(id);
            clock.advance(Duration.ofHours(3));
        }

        Connection failing = fixture.stored(id);
        assertThat(failing.state()).isEqualTo(ConnectionState.ACTIVE);
        assertThat(CurrentCause.of(failing, clock.instant(), Duration.ofDays(3)))
                .isEqualTo(new CurrentCause(Cause.REFRESH_FAILING, started));
        assertThat(fixture.store.events(id, 1_000).stream().filter(StateChanged.class::isInstance)
                .map(e -> ((StateChanged) e).type()).filter(t -> t == EventType.REFRESH_FAILING)).hasSize(1);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
