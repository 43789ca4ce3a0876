package dev.tokenkeeper.core.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionEvent;
import dev.tokenkeeper.core.connection.ConnectionEvent.RefreshAttempted;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.connection.Transition;
import dev.tokenkeeper.core.port.Lease;
import dev.tokenkeeper.core.port.TokenEndpoint;
import dev.tokenkeeper.core.provider.RotationSettings;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.testkit.clock.SettableClock;
import dev.tokenkeeper.fake.RefreshTokenPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** An attempt that ends in an exception is a retryable failure with backoff, never an immediate retry loop. */
class RefreshEngineCrashTest {
    private static final Instant START = Instant.parse("2026-01-05T10:00:00Z");
    private static final SchedulerSettings SETTINGS =
            new SchedulerSettings(4, 4, Duration.ofMillis(200), Duration.ofMillis(50));

    private final SettableClock clock = new SettableClock(() -> START);

    @Test
    void runDueOnce_keepsTheRotatedTokens_whenTheSuccessfulCommitThrowsOnce() throws Exception {
        try (EngineFixture fixture = new EngineFixture(clock)) {
            fixture.provider.quirks().refreshTokens(RefreshTokenPolicy.ROTATE).reuseDetection(true);
            fixture.providers.put(fixture.config(b -> b.rotation(new RotationSettings(true, Duration.ZERO))));
            EngineFixture.Imported due = fixture.importDue("crash-once");
            AtomicInteger refusals = new AtomicInteger(1);
            DelegatingStore refusingOnce = new DelegatingStore(fixture.store) {
                @Override
                public boolean commit(Transition transition, long expectedGeneration, Lease lease) {
                    if (refusals.getAndDecrement() > 0) {
                        throw new IllegalStateException("ERROR: could not serialize access");
                    }
                    return super.commit(transition, expectedGeneration, lease);
                }
            };
            RefreshEngine engine = fixture.engine(RefreshSettings.defaults("a"), refusingOnce);
            try (RefreshScheduler scheduler = new RefreshScheduler(engine, fixture.schedule(), SETTINGS)) {

                assertThat(scheduler.runDueOnce()).isEqualTo(1);
            }

            Connection stored = fixture.stored(due.id());
            assertThat(fixture.provider.refreshCount(due.grantId())).isEqualTo(1);
            assertThat(stored.state()).isEqualTo(ConnectionState.ACTIVE);
            assertThat(stored.lastError()).isNull();
            assertThat(stored.tokens().refreshToken()).isEqualTo(
                    Secret.of(fixture.provider.currentRefreshToken(due.grantId()).orElseThrow()));
        }
    }

    @Test
    void runDueOnce_neverResendsTheReplacedRefreshToken_whenARotationCannotBeStored() throws Exception {
        try (EngineFixture fixture = new EngineFixture(clock)) {
            fixture.provider.quirks().refreshTokens(RefreshTokenPolicy.ROTATE).reuseDetection(true);
            fixture.providers.put(fixture.config(b -> b.rotation(new RotationSettings(true, Duration.ZERO))));
            EngineFixture.Imported due = fixture.importDue("rotation-unstorable");
            DelegatingStore refusingSuccesses = new DelegatingStore(fixture.store) {
                @Override
                public boolean commit(Transition transition, long expectedGeneration, Lease lease) {
                    if (transition.after().lastRefreshedAt() != null) {
                        throw new IllegalStateException("ERROR: unsupported Unicode escape sequence");
                    }
                    return super.commit(transition, expectedGeneration, lease);
                }
            };
            RefreshEngine engine = fixture.engine(RefreshSettings.defaults("a"), refusingSuccesses);
            try (RefreshScheduler scheduler = new RefreshScheduler(engine, fixture.schedule(), SETTINGS)) {

                assertThat(scheduler.runDueOnce()).isEqualTo(1);
                Connection failed = fixture.stored(due.id());
                assertThat(failed.lastError().reason().code()).isEqualTo("internal_error");
                assertThat(failed.nextRefreshAt()).isAfterOrEqualTo(START.plus(Backoff.DEFAULT.floor(0)));
                assertThat(lastAttempt(fixture, due.id()).notes()).anySatisfy(note -> assertThat(note)
                        .contains("may have reached the provider"));

                clock.advance(Duration.ofMinutes(10));
                assertThat(scheduler.runDueOnce()).isEqualTo(1);
            }

            assertThat(fixture.provider.refreshCount(due.grantId())).as("the replaced token is not sent again")
                    .isEqualTo(1);
            assertThat(fixture.provider.anyGrantRevoked()).isFalse();
            assertThat(fixture.stored(due.id()).state()).isEqualTo(ConnectionState.NEEDS_REAUTH);
            assertThat(fixture.stored(due.id()).lastError().reason().code()).isEqualTo("refresh_interrupted");
        }
    }

    @Test
    void freshToken_leavesAnEarlierInterruptedAttemptUnsettled_whenItsSuccessorCrashesBeforeSending() {
        try (EngineFixture fixture = new EngineFixture(clock)) {
            fixture.provider.quirks().refreshTokens(RefreshTokenPolicy.ROTATE).reuseDetection(true);
            fixture.providers.put(fixture.config(b -> b.rotation(new RotationSettings(true, Duration.ZERO))
                    .introspectionUrl(fixture.provider.introspectionUrl())));
            EngineFixture.Imported expired = fixture.importExpired("successor-crashed");
            fixture.dieAfterSending(expired, true);
            clock.advance(Duration.ofSeconds(1)); // the dead holder's lease runs out
            TokenEndpoint broken = (request, deadline) -> {
                throw new IllegalStateException("a bug while asking the provider's introspection");
            };
            RefreshEngine crashing = new RefreshEngine(fixture.store, fixture.leases, fixture.providers, broken, clock,
                    RefreshSettings.defaults("b"), new Random(1));

            assertThat(crashing.freshToken(expired.id())).isInstanceOf(TokenAnswer.Unavailable.class);
            clock.advance(Duration.ofMinutes(10));
            TokenAnswer next = fixture.engine("c").freshToken(expired.id());

            assertThat(next).isInstanceOfSatisfying(TokenAnswer.Stale.class, stale -> assertThat(
                    stale.lastError().reason().code()).isEqualTo("refresh_interrupted"));
            assertThat(fixture.provider.refreshCount(expired.grantId())).as("the spent token is not sent again")
                    .isEqualTo(1);
            assertThat(fixture.provider.anyGrantRevoked()).isFalse();
        }
    }

    @Test
    void runDueOnce_keepsTheLeaseUntilItRunsOut_whenTheStoreRefusesEveryCommit() throws Exception {
        try (EngineFixture fixture = new EngineFixture(clock)) {
            EngineFixture.Imported due = fixture.importDue("store-down");
            DelegatingStore broken = new DelegatingStore(fixture.store) {
                @Override
                public boolean commit(Transition transition, long expectedGeneration, Lease lease) {
                    throw new IllegalStateException("the database is down");
                }
            };
            RefreshSettings settings = RefreshSettings.defaults("a");
            RefreshEngine engine = fixture.engine(settings, broken);
            try (RefreshScheduler scheduler = new RefreshScheduler(engine, fixture.schedule(), SETTINGS)) {

                assertThat(scheduler.runDueOnce()).isEqualTo(1);
                for (int again = 0; again < 5; again++) {
                    clock.advance(settings.leaseTtl().dividedBy(10));
                    assertThat(scheduler.runDueOnce()).as("claimed again under the kept lease").isZero();
                }
                assertThat(fixture.provider.refreshCount(due.grantId())).isEqualTo(1);
                assertThat(scheduler.errorCount()).isEqualTo(1);

                clock.advance(settings.leaseTtl());
                assertThat(scheduler.runDueOnce()).as("claimed again once the lease ran out").isEqualTo(1);
            }
            // The second holder finds an attempt interrupted after sending: the crash-window rules decide whether
            // the refresh token is sent again, so at most one more call.
            assertThat(fixture.provider.refreshCount(due.grantId())).isBetween(1L, 2L);
        }
    }

    @Test
    void runDueOnce_doesNotClaimAgainUntilTheLeaseRunsOut_whenTheConnectionCannotBeRead() throws Exception {
        try (EngineFixture fixture = new EngineFixture(clock)) {
            EngineFixture.Imported due = fixture.importDue("unreadable");
            DelegatingStore corrupt = new DelegatingStore(fixture.store) {
                @Override
                public Optional<Connection> find(String id) {
                    throw new IllegalStateException("the row's ciphertext does not decrypt");
                }
            };
            RefreshSettings settings = RefreshSettings.defaults("a");
            RefreshEngine engine = fixture.engine(settings, corrupt);
            try (RefreshScheduler scheduler = new RefreshScheduler(engine, fixture.schedule(), SETTINGS)) {

                assertThat(scheduler.runDueOnce()).isEqualTo(1);
                for (int again = 0; again < 5; again++) {
                    assertThat(scheduler.runDueOnce()).as("claimed again at once").isZero();
                }
                clock.advance(settings.leaseTtl().plusSeconds(1));
                assertThat(scheduler.runDueOnce()).as("claimed again once the lease ran out").isEqualTo(1);
                assertThat(scheduler.errorCount()).isEqualTo(2);
            }
            assertThat(fixture.provider.refreshCount(due.grantId())).isZero();
        }
    }

    @Test
    void freshToken_answersWithoutThrowing_andBacksOff_whenTheEndpointThrows() {
        try (EngineFixture fixture = new EngineFixture(clock)) {
            // A provider that keeps refresh tokens: the attempt that threw may have been sent, and resending is safe.
            fixture.providers.put(fixture.config(b -> b.rotation(new RotationSettings(false, Duration.ZERO))));
            EngineFixture.Imported expired = fixture.importExpired("endpoint-bug");
            AtomicInteger calls = new AtomicInteger();
            TokenEndpoint buggy = (request, deadline) -> {
                calls.incrementAndGet();
                throw new ArrayIndexOutOfBoundsException("a parser bug");
            };
            RefreshEngine engine = new RefreshEngine(fixture.store, fixture.leases, fixture.providers, buggy, clock,
                    RefreshSettings.defaults("a"), new Random(1));

            TokenAnswer first = engine.freshToken(expired.id());
            for (int again = 0; again < 5; again++) {
                assertThat(engine.freshToken(expired.id())).isInstanceOf(TokenAnswer.Unavailable.class);
            }

            assertThat(first).isInstanceOfSatisfying(TokenAnswer.Unavailable.class, unavailable -> {
                assertThat(unavailable.reason().code()).isEqualTo("internal_error");
                assertThat(unavailable.retryAt()).isAfterOrEqualTo(START.plus(Backoff.DEFAULT.floor(0)));
            });
            assertThat(calls).hasValue(1);
            clock.advance(Duration.ofMinutes(10));
            engine.freshToken(expired.id());
            assertThat(calls).hasValue(2);
            assertThat(fixture.stored(expired.id()).consecutiveFailures()).isEqualTo(2);
        }
    }

    @Test
    void freshToken_throws_butKeepsTheLease_whenNothingCanBeStored() {
        try (EngineFixture fixture = new EngineFixture(clock)) {
            EngineFixture.Imported expired = fixture.importExpired("caller-store-down");
            DelegatingStore broken = new DelegatingStore(fixture.store) {
                @Override
                public boolean commit(Transition transition, long expectedGeneration, Lease lease) {
                    throw new IllegalStateException("the database is down");
                }
            };
            RefreshEngine engine = fixture.engine(RefreshSettings.defaults("a"), broken);

            assertThatThrownBy(() -> engine.freshToken(expired.id())).hasRootCauseMessage("the database is down");

            assertThat(fixture.leases.tryAcquire(expired.id(), "other", Duration.ofSeconds(5))).isEmpty();
            assertThat(fixture.provider.refreshCount(expired.grantId())).isEqualTo(1);
        }
    }

    private static RefreshAttempted lastAttempt(EngineFixture fixture, String id) {
        List<ConnectionEvent> events = fixture.store.events(id, 100);
        return events.stream().filter(RefreshAttempted.class::isInstance).map(RefreshAttempted.class::cast)
                .reduce((a, b) -> b).orElseThrow();
    }
}
