package dev.tokenkeeper.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionLifecycle;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.connection.Transition;
import dev.tokenkeeper.core.port.ClaimBudget;
import dev.tokenkeeper.core.port.ConnectionStore;
import dev.tokenkeeper.core.port.Lease;
import dev.tokenkeeper.core.port.RefreshLease;
import dev.tokenkeeper.core.port.RefreshSchedule;
import dev.tokenkeeper.core.port.RefreshSchedule.Claimed;
import dev.tokenkeeper.core.refresh.FailureReason;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.token.TokenSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link RefreshSchedule} adapter must have; an adapter's test extends this class. Each test
 * gets a fresh, empty store; due times are set on the real clock, which a database schedule reads too.
 */
public abstract class RefreshScheduleContract {
    private static final Duration TTL = Duration.ofSeconds(30);
    private static final Map<String, Integer> NONE_BUSY = Map.of();

    /** A store, its lease and its schedule, as one instance holds them, over an empty set of connections. */
    public record Fixture(ConnectionStore store, RefreshLease leases, RefreshSchedule schedule) {}

    protected abstract Fixture fixture();

    @Test
    void claimDue_claimsOnlyActiveRefreshableConnectionsWhoseTimeHasCome() {
        Fixture f = fixture();
        String due = add(f, "p", Instant.now().minusSeconds(5), true);
        add(f, "p", Instant.now().plusSeconds(600), true);
        add(f, "p", Instant.now().minusSeconds(5), false);
        add(f, "p", null, true);
        String dead = add(f, "p", Instant.now().minusSeconds(5), true);
        makeStale(f, dead);

        List<Claimed> claims = f.schedule().claimDue("a", TTL, new ClaimBudget(10, 10, NONE_BUSY));

        assertThat(claims).singleElement().satisfies(claim -> {
            assertThat(claim.lease().connectionId()).isEqualTo(due);
            assertThat(claim.providerKey()).isEqualTo("p");
            assertThat(claim.lease().holder()).isEqualTo("a");
        });
    }

    @Test
    void claimDue_claimsAMisconfiguredConnectionDueForReverification_evenWithoutARefreshToken() {
        Fixture f = fixture();
        String machine = add(f, "p", null, false);
        dueForReverification(f, machine, Instant.now().minusSeconds(5));
        add(f, "p", Instant.now().minusSeconds(5), false);

        List<Claimed> claims = f.schedule().claimDue("a", TTL, new ClaimBudget(10, 10, NONE_BUSY));

        assertThat(claims).as("an active connection without a refresh token is never claimed").singleElement()
                .satisfies(claim -> assertThat(claim.lease().connectionId()).isEqualTo(machine));
    }

    @Test
    void claimDue_saysHowLateAfterItsDueTimeEachConnectionWasClaimed() {
        Fixture f = fixture();
        String late = add(f, "p", Instant.now().minusSeconds(40), true);
        String justDue = add(f, "p", Instant.now(), true);

        List<Claimed> claims = f.schedule().claimDue("a", TTL, new ClaimBudget(10, 10, NONE_BUSY));

        assertThat(claims).hasSize(2);
        assertThat(claims).filteredOn(claim -> claim.lease().connectionId().equals(late)).singleElement()
                .satisfies(claim -> assertThat(claim.lateBy()).isBetween(Duration.ofSeconds(39), Duration.ofMinutes(5)));
        assertThat(claims).filteredOn(claim -> claim.lease().connectionId().equals(justDue)).singleElement()
                .satisfies(claim -> assertThat(claim.lateBy()).isBetween(Duration.ZERO, Duration.ofMinutes(4)));
    }

    @Test
    void claimDue_takesTheLease_soNoOtherHolderGetsTheConnection() {
        Fixture f = fixture();
        String due = add(f, "p", Instant.now().minusSeconds(5), true);

        Lease lease = f.schedule().claimDue("a", TTL, new ClaimBudget(10, 10, NONE_BUSY)).getFirst().lease();

        assertThat(f.leases().tryAcquire(due, "b", TTL)).isEmpty();
        assertThat(f.schedule().claimDue("b", TTL, new ClaimBudget(10, 10, NONE_BUSY))).isEmpty();
        f.leases().release(lease);
        assertThat(f.schedule().claimDue("b", TTL, new ClaimBudget(10, 10, NONE_BUSY))).singleElement()
                .satisfies(claim -> assertThat(claim.lease().fence()).isGreaterThan(lease.fence()));
    }

    @Test
    void claimDue_reclaimsAndFlagsTheInterruptedAttempt_whenTheClaimerDiedAfterSending() throws Exception {
        Fixture f = fixture();
        String due = add(f, "p", Instant.now().minusSeconds(5), true);
        Lease dead = f.schedule().claimDue("a", Duration.ofMillis(300), new ClaimBudget(1, 1, NONE_BUSY))
                .getFirst().lease();
        assertThat(f.leases().markAttemptStarted(dead)).isTrue();
        assertThat(f.leases().awaitRelease(due, TTL)).isTrue();

        List<Claimed> again = f.schedule().claimDue("b", TTL, new ClaimBudget(1, 1, NONE_BUSY));

        assertThat(again).singleElement().satisfies(claim -> {
            assertThat(claim.lease().fence()).isGreaterThan(dead.fence());
            assertThat(claim.lease().interruptedAttempt()).isTrue();
        });
    }

    @Test
    void claimDue_reclaimsWithoutFlaggingAnInterruptedAttempt_whenTheClaimerDiedBeforeSending() throws Exception {
        Fixture f = fixture();
        String due = add(f, "p", Instant.now().minusSeconds(5), true);
        Lease dead = f.schedule().claimDue("a", Duration.ofMillis(300), new ClaimBudget(1, 1, NONE_BUSY))
                .getFirst().lease();
        assertThat(f.leases().awaitRelease(due, TTL)).isTrue();

        List<Claimed> again = f.schedule().claimDue("b", TTL, new ClaimBudget(1, 1, NONE_BUSY));

        assertThat(again).singleElement().satisfies(claim -> {
            assertThat(claim.lease().fence()).isGreaterThan(dead.fence());
            assertThat(claim.lease().interruptedAttempt()).as("a claim alone marks nothing").isFalse();
        });
    }

    @Test
    void claimDue_claimsOldestDueFirst_withinTheTotal() {
        Fixture f = fixture();
        Instant now = Instant.now();
        add(f, "p", now.minusSeconds(10), true);
        String oldest = add(f, "p", now.minusSeconds(30), true);
        String second = add(f, "q", now.minusSeconds(20), true);

        List<Claimed> claims = f.schedule().claimDue("a", TTL, new ClaimBudget(2, 10, NONE_BUSY));

        assertThat(claims).extracting(claim -> claim.lease().connectionId()).containsExactly(oldest, second);
    }

    @Test
    void claimDue_keepsEachProviderWithinItsBudget_countingWhatRunsAlready() {
        Fixture f = fixture();
        for (int i = 0; i < 6; i++) {
            add(f, "busy", Instant.now().minusSeconds(60 + i), true);
            add(f, "idle", Instant.now().minusSeconds(30 + i), true);
        }

        List<Claimed> claims = f.schedule().claimDue("a", TTL, new ClaimBudget(10, 3, Map.of("busy", 2)));

        assertThat(claims).extracting(Claimed::providerKey).containsOnly("busy", "idle");
        assertThat(claims).filteredOn(claim -> claim.providerKey().equals("busy")).hasSize(1);
        assertThat(claims).filteredOn(claim -> claim.providerKey().equals("idle")).hasSize(3);
    }

    @Test
    void claimDue_skipsAProviderAtItsBound_andStillClaimsOthers() {
        Fixture f = fixture();
        for (int i = 0; i < 20; i++) {
            add(f, "full", Instant.now().minusSeconds(100 + i), true);
        }
        String other = add(f, "other", Instant.now().minusSeconds(1), true);

        List<Claimed> claims = f.schedule().claimDue("a", TTL, new ClaimBudget(2, 2, Map.of("full", 2)));

        assertThat(claims).extracting(claim -> claim.lease().connectionId()).containsExactly(other);
    }

    @Test
    void claimDue_neverGivesOneConnectionToTwoClaimers_whenManyClaimAtOnce() throws Exception {
        Fixture f = fixture();
        int connections = 60;
        for (int i = 0; i < connections; i++) {
            add(f, "p" + (i % 3), Instant.now().minusSeconds(i), true);
        }
        Set<String> claimedOnce = ConcurrentHashMap.newKeySet();
        List<String> duplicates = new CopyOnWriteArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        try (var claimers = Executors.newFixedThreadPool(4)) {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                String holder = "claimer-" + c;
                running.add(claimers.submit(() -> {
                    start.await();
                    for (int round = 0; round < connections; round++) {
                        for (Claimed claim : f.schedule().claimDue(holder, TTL, new ClaimBudget(5, 5, NONE_BUSY))) {
                            if (!claimedOnce.add(claim.lease().connectionId())) {
                                duplicates.add(claim.lease().connectionId());
                            }
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> claimer : running) {
                claimer.get();
            }
        }

        assertThat(duplicates).isEmpty();
        assertThat(claimedOnce).hasSize(connections);
    }

    @Test
    void untilNextDue_saysHowLongUntilTheEarliestRefresh() {
        Fixture f = fixture();
        assertThat(f.schedule().untilNextDue()).isEmpty();

        add(f, "p", Instant.now().plusSeconds(600), true);
        assertThat(f.schedule().untilNextDue()).hasValueSatisfying(wait ->
                assertThat(wait).isBetween(Duration.ofSeconds(500), Duration.ofSeconds(600)));

        add(f, "p", Instant.now().minusSeconds(5), true);
        assertThat(f.schedule().untilNextDue()).contains(Duration.ZERO);
    }

    private static String add(Fixture f, String provider, Instant nextRefreshAt, boolean refreshable) {
        String id = "sched-" + UUID.randomUUID();
        Instant now = Instant.now();
        TokenSet tokens = new TokenSet(Secret.of("at-" + id), refreshable ? Secret.of("rt-" + id) : null, "Bearer",
                now, now.plusSeconds(3600), List.of(), Map.of());
        assertThat(f.store().create(ConnectionLifecycle.created(id, provider, tokens, Map.of(), now, nextRefreshAt)))
                .isTrue();
        return id;
    }

    /** Makes the connection misconfigured, then due for a re-verification at {@code due} (as a config change does). */
    private static void dueForReverification(Fixture f, String id, Instant due) {
        Connection before = f.store().find(id).orElseThrow();
        assertThat(f.store().commit(ConnectionLifecycle.unrefreshable(before, ConnectionState.MISCONFIGURED,
                FailureReason.of("invalid_client", "refused"), Instant.now()), before.generation(), null)).isTrue();
        Connection stale = f.store().find(id).orElseThrow();
        Connection scheduled = new Connection(stale.id(), stale.providerKey(), stale.state(), stale.tokens(),
                stale.generation() + 1, due, stale.lastRefreshedAt(), stale.refreshCount(),
                stale.consecutiveFailures(), stale.lastError(), stale.metadata(), stale.createdAt(), Instant.now(),
                stale.grantedAt());
        assertThat(f.store().commit(new Transition(scheduled, List.of()), stale.generation(), null)).isTrue();
    }

    private static void makeStale(Fixture f, String id) {
        Connection before = f.store().find(id).orElseThrow();
        assertThat(f.store().commit(ConnectionLifecycle.unrefreshable(before, ConnectionState.NEEDS_REAUTH,
                FailureReason.of("invalid_grant", "revoked"), Instant.now()), before.generation(), null)).isTrue();
    }
}
