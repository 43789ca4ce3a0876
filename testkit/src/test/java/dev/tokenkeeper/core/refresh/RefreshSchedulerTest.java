package dev.tokenkeeper.core.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionLifecycle;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.port.ClaimBudget;
import dev.tokenkeeper.core.port.Lease;
import dev.tokenkeeper.core.port.RefreshSchedule;
import dev.tokenkeeper.core.port.RefreshSchedule.Claimed;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.testkit.clock.SettableClock;
import dev.tokenkeeper.fake.AfterHang;
import dev.tokenkeeper.fake.RefreshTokenPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The proactive refresh scheduler: what it claims, how it reschedules, and how it bounds itself. */
class RefreshSchedulerTest {
    private static final SchedulerSettings QUICK =
            new SchedulerSettings(8, 4, Duration.ofMillis(200), Duration.ofMillis(50));

    @Test
    void runDueOnce_refreshesEveryDueConnection_andSchedulesItsNextRefreshBeforeExpiry() throws Exception {
        try (EngineFixture fixture = new EngineFixture()) {
            fixture.provider.quirks().refreshTokens(RefreshTokenPolicy.ROTATE).reuseDetection(true);
            List<EngineFixture.Imported> due = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                due.add(fixture.importDue("due-" + i));
            }
            EngineFixture.Imported later = fixture.importGrant("later");
            try (RefreshScheduler scheduler = scheduler(fixture, new SchedulerSettings(32, 32, Duration.ofSeconds(1),
                    Duration.ofMillis(100)))) {

                assertThat(scheduler.runDueOnce()).isEqualTo(6);
            }

            Instant now = fixture.clock.instant();
            for (EngineFixture.Imported imported : due) {
                Connection stored = fixture.stored(imported.id());
                assertThat(fixture.provider.refreshCount(imported.grantId())).isEqualTo(1);
                assertThat(stored.tokens().refreshToken()).isEqualTo(
                        Secret.of(fixture.provider.currentRefreshToken(imported.grantId()).orElseThrow()));
                assertThat(stored.nextRefreshAt()).isAfter(now).isBefore(stored.tokens().expiresAt());
            }
            assertThat(fixture.provider.refreshCount(later.grantId())).isZero();
            assertThat(fixture.provider.anyGrantRevoked()).isFalse();
        }
    }

    @Test
    void runDueOnce_reschedulesAfterRetryAfter_whenTheProviderThrottles() throws Exception {
        try (EngineFixture fixture = new EngineFixture()) {
            EngineFixture.Imported imported = fixture.importDue("throttled");
            fixture.provider.quirks().throttleNextTokenRequests(1, Duration.ofSeconds(120));
            try (RefreshScheduler scheduler = scheduler(fixture, QUICK)) {

                assertThat(scheduler.runDueOnce()).isEqualTo(1);
                Connection stored = fixture.stored(imported.id());
                assertThat(stored.state()).isEqualTo(ConnectionState.ACTIVE);
                assertThat(stored.consecutiveFailures()).isEqualTo(1);
                assertThat(stored.nextRefreshAt()).isAfter(fixture.clock.instant().plusSeconds(110));
                assertThat(scheduler.runDueOnce()).as("not due again before Retry-After").isZero();
            }
        }
    }

    @Test
    void runDueOnce_reschedulesWithBackoff_whenTheProviderFails() throws Exception {
        try (EngineFixture fixture = new EngineFixture()) {
            EngineFixture.Imported imported = fixture.importDue("failing");
            fixture.provider.quirks().serverErrorNextTokenRequests(1, 503, true);
            try (RefreshScheduler scheduler = scheduler(fixture, QUICK)) {

                assertThat(scheduler.runDueOnce()).isEqualTo(1);
            }

            Connection stored = fixture.stored(imported.id());
            assertThat(stored.state()).isEqualTo(ConnectionState.ACTIVE);
            assertThat(stored.lastError().reason().providerStatus()).isEqualTo(503);
            assertThat(stored.nextRefreshAt()).isAfter(stored.lastError().at());
        }
    }

    @Test
    void runDueOnce_stopsScheduling_whenTheGrantIsDead() throws Exception {
        try (EngineFixture fixture = new EngineFixture()) {
            EngineFixture.Imported imported = fixture.importDue("dead");
            fixture.provider.revokeGrant(imported.grantId());
            try (RefreshScheduler scheduler = scheduler(fixture, QUICK)) {

                assertThat(scheduler.runDueOnce()).isEqualTo(1);
                assertThat(fixture.stored(imported.id()).state()).isEqualTo(ConnectionState.NEEDS_REAUTH);
                assertThat(fixture.stored(imported.id()).nextRefreshAt()).isNull();
                assertThat(scheduler.runDueOnce()).isZero();
            }
            assertThat(fixture.provider.refreshCount(imported.grantId())).isEqualTo(1);
        }
    }

    @Test
    void runDueOnce_measuresHowLateItClaimed_andStartsTheNextRefreshEarlyEnoughToCoverThatLag() throws Exception {
        SettableClock clock = new SettableClock();
        try (EngineFixture fixture = new EngineFixture(clock)) {
            EngineFixture.Imported late = fixture.importDue("claimed-late");
            clock.advance(Duration.ofSeconds(100));
            try (RefreshScheduler scheduler = scheduler(fixture, QUICK)) {
                assertThat(scheduler.observedLag()).isZero();

                assertThat(scheduler.runDueOnce()).isEqualTo(1);

                assertThat(scheduler.observedLag()).isBetween(Duration.ofSeconds(99), Duration.ofSeconds(130));
            }
            Connection stored = fixture.stored(late.id());
            assertThat(fixture.provider.refreshCount(late.grantId())).isEqualTo(1);
            assertThat(Duration.between(stored.nextRefreshAt(), stored.tokens().expiresAt()))
                    .as("margin: twice the lag, above the usual 60-180 s")
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(198));
        }
    }

    @Test
    void start_neverRunsMoreRefreshesOfOneProviderAtOnceThanItsBound() {
        try (EngineFixture fixture = new EngineFixture()) {
            int connections = 8;
            for (int i = 0; i < connections; i++) {
                fixture.importDue("bounded-" + i);
            }
            fixture.provider.quirks().hangNextTokenRequests(connections, Duration.ofMillis(400), AfterHang.ANSWER);
            AtomicInteger mostHanging = new AtomicInteger();
            try (RefreshScheduler scheduler = scheduler(fixture,
                    new SchedulerSettings(8, 2, Duration.ofMillis(100), Duration.ofMillis(20)))) {
                scheduler.start();

                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5)).until(() -> {
                    mostHanging.accumulateAndGet(fixture.provider.hangingTokenRequests(), Math::max);
                    return fixture.provider.refreshCount() == connections;
                });
            }

            assertThat(mostHanging.get()).as("most refreshes in flight at once").isEqualTo(2);
        }
    }

    @Test
    void start_claimsAgainForABatchOfFreeSlots_notForEachRefreshThatEnds() {
        try (EngineFixture fixture = new EngineFixture()) {
            int connections = 32;
            for (int i = 0; i < connections; i++) {
                fixture.importDue("batched-" + i);
            }
            fixture.provider.quirks().tokenLatencyBetween(Duration.ofMillis(20), Duration.ofMillis(120));
            List<Integer> budgets = new CopyOnWriteArrayList<>();
            RefreshSchedule recording = new RefreshSchedule() {
                @Override
                public List<Claimed> claimDue(String holder, Duration ttl, ClaimBudget budget) {
                    budgets.add(budget.total());
                    return fixture.schedule().claimDue(holder, ttl, budget);
                }

                @Override
                public Optional<Duration> untilNextDue() {
                    return fixture.schedule().untilNextDue();
                }
            };
            // A batch wait far longer than any refresh here, so every claim after the first waits for its batch.
            SchedulerSettings settings = new SchedulerSettings(8, 8, Duration.ofSeconds(10), Duration.ofMillis(50),
                    Duration.ofSeconds(10));
            try (RefreshScheduler scheduler = new RefreshScheduler(fixture.engine("instance-a"), recording,
                    settings)) {
                scheduler.start();

                await().atMost(Duration.ofSeconds(60)).until(() -> fixture.provider.refreshCount() == connections);
            }

            assertThat(settings.claimBatch()).isEqualTo(2);
            assertThat(budgets).as("free slots at each claim").isNotEmpty().allSatisfy(free ->
                    assertThat(free).isGreaterThanOrEqualTo(2));
        }
    }

    @Test
    void start_keepsShortLivedTokensFresh_inTheBackground() {
        try (EngineFixture fixture = new EngineFixture()) {
            fixture.provider.quirks().refreshTokens(RefreshTokenPolicy.ROTATE).reuseDetection(true)
                    .accessTokenLifetime(Duration.ofSeconds(4));
            List<EngineFixture.Imported> imported = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                imported.add(fixture.importDue("short-" + i));
            }
            try (RefreshScheduler scheduler = scheduler(fixture, QUICK)) {
                scheduler.start();

                await().atMost(Duration.ofSeconds(60)).until(() -> imported.stream()
                        .allMatch(grant -> fixture.provider.refreshCount(grant.grantId()) >= 3));
                assertThat(scheduler.errorCount()).isZero();
            }

            for (EngineFixture.Imported grant : imported) {
                assertThat(fixture.stored(grant.id()).state()).isEqualTo(ConnectionState.ACTIVE);
            }
            assertThat(fixture.provider.anyGrantRevoked()).isFalse();
        }
    }

    @Test
    void refreshClaimed_sendsNothingAndFreesTheLease_whenTheConnectionWentStaleAfterItsClaim() {
        try (EngineFixture fixture = new EngineFixture()) {
            EngineFixture.Imported imported = fixture.importDue("claimed-then-stale");
            Lease claimed = fixture.schedule().claimDue("scheduler", Duration.ofSeconds(30),
                    new ClaimBudget(1, 1, Map.of())).getFirst().lease();
            Connection before = fixture.stored(imported.id());
            assertThat(fixture.store.commit(ConnectionLifecycle.unrefreshable(before, ConnectionState.NEEDS_REAUTH,
                    FailureReason.of("invalid_grant", "revoked by the user"), fixture.clock.instant()),
                    before.generation(), null)).isTrue();

            TokenAnswer answer = fixture.engine("instance-a").refreshClaimed(claimed);

            assertThat(answer).isInstanceOf(TokenAnswer.Stale.class);
            assertThat(fixture.provider.refreshCount(imported.grantId())).isZero();
            assertThat(fixture.leases.tryAcquire(imported.id(), "next", Duration.ofSeconds(30))).isPresent();
        }
    }

    @Test
    void runDueOnce_refreshesNormally_whenAnInstanceDiedHoldingAClaimWhoseRequestNeverLeft() throws Exception {
        SettableClock clock = new SettableClock();
        try (EngineFixture fixture = new EngineFixture(clock)) {
            fixture.provider.quirks().refreshTokens(RefreshTokenPolicy.ROTATE).reuseDetection(true);
            EngineFixture.Imported imported = fixture.importDue("claimed-never-sent");
            assertThat(fixture.schedule().claimDue("dead-instance/scheduler", Duration.ofSeconds(30),
                    new ClaimBudget(8, 4, Map.of()))).as("claimed, then the instance died").hasSize(1);
            clock.advance(Duration.ofSeconds(31));

            try (RefreshScheduler scheduler = scheduler(fixture, QUICK)) {
                assertThat(scheduler.runDueOnce()).isEqualTo(1);
            }

            Connection stored = fixture.stored(imported.id());
            assertThat(stored.state()).isEqualTo(ConnectionState.ACTIVE);
            assertThat(stored.lastError()).as("nothing looked interrupted").isNull();
            assertThat(stored.refreshCount()).isEqualTo(1);
            assertThat(stored.tokens().refreshToken()).isEqualTo(
                    Secret.of(fixture.provider.currentRefreshToken(imported.grantId()).orElseThrow()));
            assertThat(fixture.provider.refreshCount(imported.grantId())).isEqualTo(1);
            assertThat(fixture.provider.anyGrantRevoked()).isFalse();
        }
    }

    private static RefreshScheduler scheduler(EngineFixture fixture, SchedulerSettings settings) {
        return new RefreshScheduler(fixture.engine("instance-a"), fixture.schedule(), settings);
    }
}
