package dev.tokenkeeper.core.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.token.TokenSet;
import dev.tokenkeeper.testkit.clock.SettableClock;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import dev.tokenkeeper.fake.RefreshTokenPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Refresh-ahead: a caller whose token is still usable (FRESH or STALE) never waits for a refresh; when it is due the
 * refresh runs in the background for the next caller. Only a token that is no longer usable (EXPIRED) waits. The
 * provider's token endpoint is held at a {@link TokenGate}, so who waits is seen without timing anything.
 */
class RefreshEngineAheadTest {
    private static final Duration BOUND = Duration.ofSeconds(30);

    private final SettableClock clock = new SettableClock();
    private final EngineFixture fixture = new EngineFixture(clock);
    private final TokenGate gate = new TokenGate();
    private final RefreshEngine engine = fixture.engine("instance-a", gate::in);

    @AfterEach
    void close() {
        gate.open();
        fixture.close();
    }

    @Test
    void freshToken_answersTheStoredTokenAtOnce_andRefreshesInTheBackground_whenItIsDueButUsable() {
        EngineFixture.Imported due = fixture.importDue("due");

        TokenAnswer answer = engine.freshToken(due.id());

        assertThat(token(answer)).isEqualTo(Secret.of(due.grant().accessToken()));
        await().atMost(BOUND).until(() -> gate.arrived().size() == 1);
        assertThat(gate.arrived().getFirst()).as("the refresh runs on its own virtual thread")
                .isNotSameAs(Thread.currentThread()).matches(Thread::isVirtual);
        assertThat(token(engine.freshToken(due.id()))).as("while the refresh is held")
                .isEqualTo(Secret.of(due.grant().accessToken()));
        assertThat(fixture.provider.tokenRequestCount()).isZero();

        gate.open();
        await().atMost(BOUND).until(() -> fixture.stored(due.id()).refreshCount() == 1);

        assertThat(token(engine.freshToken(due.id()))).as("the next caller gets the new token").isEqualTo(
                Secret.of(fixture.provider.currentAccessToken(due.grantId()).orElseThrow()));
        assertThat(fixture.provider.refreshCount(due.grantId())).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} instance(s)")
    @ValueSource(ints = {1, 2})
    void freshToken_refreshesOnce_when100CallersAskInTheStaleWindow(int instances) throws Exception {
        fixture.provider.quirks().refreshTokens(RefreshTokenPolicy.ROTATE).reuseDetection(true);
        EngineFixture.Imported due = fixture.importDue("crowded");
        List<RefreshEngine> engines = instances == 1 ? List.of(engine)
                : List.of(engine, fixture.engine("instance-b", gate::in));

        List<TokenAnswer> answers = RefreshEngineConcurrencyTest.askConcurrently(100,
                caller -> engines.get(caller % instances).freshToken(due.id()));

        assertThat(answers).as("every caller got the stored token while the refresh was held")
                .allSatisfy(answer -> assertThat(token(answer)).isEqualTo(Secret.of(due.grant().accessToken())));
        await().atMost(BOUND).until(() -> gate.arrived().size() == 1);
        gate.open();
        await().atMost(BOUND).until(() -> fixture.stored(due.id()).refreshCount() == 1);
        for (RefreshEngine each : engines) {
            assertThat(token(each.freshToken(due.id()))).isEqualTo(
                    Secret.of(fixture.provider.currentAccessToken(due.grantId()).orElseThrow()));
        }
        assertThat(fixture.provider.refreshCount(due.grantId())).isEqualTo(1);
        assertThat(gate.arrived()).hasSize(1);
        assertThat(fixture.provider.anyGrantRevoked()).isFalse();
    }

    @Test
    void freshToken_refreshesInTheBackground_whenTheTokenIsInsideTheRefreshMarginWithoutASchedule() {
        Instant now = clock.instant();
        IssuedGrant grant = fixture.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID, "read");
        TokenSet ending = new TokenSet(Secret.of(grant.accessToken()), Secret.of(grant.refreshToken()), "Bearer",
                now.minus(Duration.ofMinutes(59)), now.plusSeconds(45), List.of("read"), Map.of());
        Connection connection = fixture.importTokens("ending", ending);

        assertThat(token(engine.freshToken(connection.id()))).isEqualTo(Secret.of(grant.accessToken()));
        gate.open();

        await().atMost(BOUND).until(() -> fixture.stored(connection.id()).refreshCount() == 1);
        assertThat(gate.arrived()).hasSize(1).allMatch(Thread::isVirtual);
    }

    @Test
    void freshToken_startsNoRefresh_whenTheTokenIsNeitherDueNorInsideTheMargin() {
        EngineFixture.Imported fresh = fixture.importGrant("fresh");
        gate.open();

        for (int i = 0; i < 100; i++) {
            assertThat(token(engine.freshToken(fresh.id()))).isEqualTo(Secret.of(fresh.grant().accessToken()));
        }

        assertThat(gate.arrived()).isEmpty();
        assertThat(fixture.stored(fresh.id()).refreshCount()).isZero();
    }

    @Test
    void freshToken_waitsForTheRefresh_whenTheTokenIsNoLongerUsable() throws Exception {
        EngineFixture.Imported expired = fixture.importExpired("expired");
        CompletableFuture<TokenAnswer> asked = new CompletableFuture<>();

        Thread caller = Thread.ofPlatform().start(() -> asked.complete(engine.freshToken(expired.id())));

        await().atMost(BOUND).until(() -> gate.arrived().size() == 1);
        assertThat(gate.arrived().getFirst()).as("the caller itself waits at the provider").isSameAs(caller);
        assertThat(asked).isNotDone();
        gate.open();
        assertThat(token(asked.get(BOUND.toSeconds(), TimeUnit.SECONDS))).isEqualTo(
                Secret.of(fixture.provider.currentAccessToken(expired.grantId()).orElseThrow()));
    }

    @Test
    void freshToken_joinsTheRefreshAhead_whenTheTokenStoppedBeingUsableWhileItRan() throws Exception {
        Instant now = clock.instant();
        IssuedGrant grant = fixture.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID, "read");
        TokenSet twentySeconds = new TokenSet(Secret.of(grant.accessToken()), Secret.of(grant.refreshToken()),
                "Bearer", now, now.plusSeconds(20), List.of("read"), Map.of());
        Connection due = fixture.importTokens("outlived", twentySeconds, now);
        assertThat(token(engine.freshToken(due.id()))).isEqualTo(Secret.of(grant.accessToken()));
        await().atMost(BOUND).until(() -> gate.arrived().size() == 1);
        clock.advance(Duration.ofSeconds(16)); // inside its 5 s buffer, no longer usable; the 30 s lease still holds
        CompletableFuture<TokenAnswer> asked = new CompletableFuture<>();

        Thread caller = Thread.ofPlatform().start(() -> asked.complete(engine.freshToken(due.id())));

        await().atMost(BOUND).until(() -> caller.getState() == Thread.State.WAITING
                || caller.getState() == Thread.State.TERMINATED);
        assertThat(asked).as("the caller waits for the running refresh, not answered with the old token")
                .isNotDone();
        gate.open();
        assertThat(token(asked.get(BOUND.toSeconds(), TimeUnit.SECONDS))).isEqualTo(
                Secret.of(fixture.provider.currentAccessToken(grant.grantId()).orElseThrow()));
        assertThat(fixture.provider.refreshCount(grant.grantId())).isEqualTo(1);
    }

    @Test
    void freshToken_answersStaleAtOnceWithoutARefresh_whenTheConnectionNeedsReauth() {
        EngineFixture.Imported due = fixture.importDue("revoked");
        fixture.provider.revokeGrant(due.grantId());
        gate.open();
        assertThat(engine.refresh(due.id())).isInstanceOf(TokenAnswer.Stale.class);

        TokenAnswer answer = engine.freshToken(due.id());

        assertThat(answer).isInstanceOfSatisfying(TokenAnswer.Stale.class,
                stale -> assertThat(stale.state()).isEqualTo(ConnectionState.NEEDS_REAUTH));
        assertThat(gate.arrived()).as("only the forced refresh reached the provider").hasSize(1);
    }

    @Test
    void freshToken_startsNoRefreshWhileRateLimited_andRetriesAheadOnceTheRetryAfterPassed() {
        EngineFixture.Imported due = fixture.importDue("throttled");
        fixture.provider.quirks().throttleNextTokenRequests(1, Duration.ofSeconds(120));
        gate.open();
        engine.refresh(due.id());
        assertThat(fixture.stored(due.id()).consecutiveFailures()).isEqualTo(1);

        assertThat(token(engine.freshToken(due.id()))).isEqualTo(Secret.of(due.grant().accessToken()));
        assertThat(gate.arrived()).as("no refresh before Retry-After").hasSize(1);

        clock.advance(Duration.ofSeconds(121));
        assertThat(token(engine.freshToken(due.id()))).isEqualTo(Secret.of(due.grant().accessToken()));
        await().atMost(BOUND).until(() -> fixture.stored(due.id()).refreshCount() == 1);
        assertThat(gate.arrived()).hasSize(2);
    }

    @Test
    void freshToken_recordsABackgroundFailureWithBackoff_andDoesNotRetryItAtOnce() {
        EngineFixture.Imported due = fixture.importDue("failing");
        fixture.provider.quirks().failNextTokenRequests(1, 503, Map.of(), "down for maintenance");
        gate.open();

        assertThat(token(engine.freshToken(due.id()))).isEqualTo(Secret.of(due.grant().accessToken()));

        await().atMost(BOUND).until(() -> fixture.stored(due.id()).consecutiveFailures() == 1);
        Connection stored = fixture.stored(due.id());
        assertThat(stored.state()).isEqualTo(ConnectionState.ACTIVE);
        assertThat(stored.lastError()).isNotNull();
        assertThat(stored.nextRefreshAt()).isAfter(clock.instant());
        assertThat(token(engine.freshToken(due.id()))).as("still usable while backing off")
                .isEqualTo(Secret.of(due.grant().accessToken()));
        assertThat(fixture.provider.tokenRequestCount()).isEqualTo(1);
    }

    private static Secret token(TokenAnswer answer) {
        assertThat(answer).isInstanceOf(TokenAnswer.Fresh.class);
        return ((TokenAnswer.Fresh) answer).tokens().accessToken();
    }
}
