package dev.tokenkeeper.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionEvent;
import dev.tokenkeeper.core.connection.ConnectionLifecycle;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.connection.EventType;
import dev.tokenkeeper.core.connection.Transition;
import dev.tokenkeeper.core.port.ConnectionStore;
import dev.tokenkeeper.core.port.Lease;
import dev.tokenkeeper.core.port.QuarantinedRefresh;
import dev.tokenkeeper.core.port.RefreshLease;
import dev.tokenkeeper.core.refresh.FailureClass;
import dev.tokenkeeper.core.refresh.FailureReason;
import dev.tokenkeeper.core.refresh.RefreshOutcome;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.token.TokenSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link ConnectionStore} adapter must have; an adapter's test extends this class. */
public abstract class ConnectionStoreContract {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** A store and the lease store it checks commits against, sharing one backing state. */
    public record Fixture(ConnectionStore store, RefreshLease leases) {}

    /** A fresh fixture for each test. */
    protected abstract Fixture fixture();

    @Test
    void find_returnsEveryField_afterCreate() {
        ConnectionStore store = fixture().store();
        Transition creation = creation(uniqueId());

        assertThat(store.create(creation)).isTrue();

        assertThat(store.find(creation.after().id())).contains(creation.after());
        assertThat(store.events(creation.after().id(), 10)).containsExactlyElementsOf(creation.events());
    }

    @Test
    void create_refusesAndKeepsTheFirst_whenTheIdExists() {
        ConnectionStore store = fixture().store();
        String id = uniqueId();
        Transition first = creation(id);
        store.create(first);

        assertThat(store.create(creation(id))).isFalse();
        assertThat(store.find(id)).contains(first.after());
    }

    @Test
    void commit_writesTheNewVersionAndItsEvents_whenTheGenerationMatches() {
        ConnectionStore store = fixture().store();
        Connection before = created(store);
        Transition dead = needsReauth(before);

        assertThat(store.commit(dead, before.generation(), null)).isTrue();

        assertThat(store.find(before.id())).contains(dead.after());
        assertThat(store.events(before.id(), 10)).endsWith(dead.events().toArray(ConnectionEvent[]::new));
    }

    @Test
    void commit_refusesAndWritesNothing_whenTheGenerationMovedOn() {
        ConnectionStore store = fixture().store();
        Connection before = created(store);
        store.commit(needsReauth(before), before.generation(), null);
        int eventsBefore = store.events(before.id(), 100).size();

        assertThat(store.commit(needsReauth(before), before.generation(), null)).isFalse();
        assertThat(store.events(before.id(), 100)).hasSize(eventsBefore);
    }

    @Test
    void commit_refuses_whenTheLeaseWasTakenOver() throws Exception {
        Fixture fixture = fixture();
        Connection before = created(fixture.store());
        Lease stale = fixture.leases().tryAcquire(before.id(), "a", Duration.ofMillis(300)).orElseThrow();
        fixture.leases().awaitRelease(before.id(), Duration.ofSeconds(30));
        fixture.leases().tryAcquire(before.id(), "b", Duration.ofSeconds(30)).orElseThrow();

        assertThat(fixture.store().commit(needsReauth(before), before.generation(), stale)).isFalse();
        assertThat(fixture.store().find(before.id())).contains(before);
    }

    @Test
    void commit_refuses_whenTheLeaseRanOut() throws Exception {
        Fixture fixture = fixture();
        Connection before = created(fixture.store());
        Lease expired = fixture.leases().tryAcquire(before.id(), "a", Duration.ofMillis(300)).orElseThrow();
        fixture.leases().awaitRelease(before.id(), Duration.ofSeconds(30));

        assertThat(fixture.store().commit(needsReauth(before), before.generation(), expired)).isFalse();
    }

    @Test
    void commit_endsTheStartedAttempt_soAHolderDyingAfterCommittingIsNotTakenForAnInterruptedOne()
            throws Exception {
        Fixture fixture = fixture();
        Connection before = created(fixture.store());
        Lease lease = fixture.leases().tryAcquire(before.id(), "a", Duration.ofMillis(300)).orElseThrow();
        assertThat(fixture.leases().markAttemptStarted(lease)).isTrue();
        assertThat(fixture.store().commit(needsReauth(before), before.generation(), lease)).isTrue();

        fixture.leases().awaitRelease(before.id(), Duration.ofSeconds(30));

        assertThat(fixture.leases().tryAcquire(before.id(), "b", Duration.ofSeconds(30))).hasValueSatisfying(
                next -> assertThat(next.interruptedAttempt()).isFalse());
    }

    @Test
    void commit_succeeds_underTheLiveLease() {
        Fixture fixture = fixture();
        Connection before = created(fixture.store());
        Lease lease = fixture.leases().tryAcquire(before.id(), "a", Duration.ofSeconds(30)).orElseThrow();

        assertThat(fixture.store().commit(needsReauth(before), before.generation(), lease)).isTrue();
    }

    @Test
    void commit_letsExactlyOneWriterWin_whenManyRaceOnOneGeneration() throws Exception {
        ConnectionStore store = fixture().store();
        Connection before = created(store);
        int writers = 16;
        AtomicInteger wins = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < writers; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    if (store.commit(needsReauth(before), before.generation(), null)) {
                        wins.incrementAndGet();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get();
            }
        }
        assertThat(wins).hasValue(1);
    }

    @Test
    void events_returnsTheNewestEntriesOldestFirst_whenLimited() {
        ConnectionStore store = fixture().store();
        Connection before = created(store);
        Transition dead = needsReauth(before);
        store.commit(dead, before.generation(), null);

        List<ConnectionEvent> last = store.events(before.id(), 1);

        assertThat(last).containsExactly(dead.events().getLast());
    }

    @Test
    void quarantined_returnsWhatWasKept() {
        ConnectionStore store = fixture().store();
        Connection before = created(store);
        QuarantinedRefresh kept = new QuarantinedRefresh(before.id(), 7, tokens("late"), T0, "lease lost");

        store.quarantine(kept);

        assertThat(store.quarantined(before.id())).containsExactly(kept);
    }

    /** A fresh id, so adapters may share state across tests. */
    protected static String uniqueId() {
        return "conn-" + UUID.randomUUID();
    }

    private static Connection created(ConnectionStore store) {
        Transition creation = creation(uniqueId());
        assertThat(store.create(creation)).isTrue();
        return creation.after();
    }

    private static Transition creation(String id) {
        return ConnectionLifecycle.created(id, "acme", tokens("first"), Map.of("customer", "c-42"), T0,
                T0.plus(50, ChronoUnit.MINUTES));
    }

    private static Transition needsReauth(Connection before) {
        FailureReason reason = new FailureReason("invalid_grant", "the grant was revoked", 400, "invalid_grant",
                "Token has been expired or revoked.", null);
        ConnectionEvent.RefreshAttempted attempt = new ConnectionEvent.RefreshAttempted(before.id(),
                T0.plusSeconds(10), Duration.ofMillis(120), "https://acme.example/oauth/token", "refresh_token",
                "client-1", 400, FailureClass.NEEDS_REAUTH,
                "invalid_grant", "{\"error\":\"invalid_grant\"}", List.of(), 3);
        Transition transition = ConnectionLifecycle.afterAttempt(before, new RefreshOutcome.NeedsReauth(reason),
                attempt, T0.plusSeconds(11), null);
        assertThat(transition.after().state()).isEqualTo(ConnectionState.NEEDS_REAUTH);
        assertThat(transition.events()).extracting(e -> e instanceof ConnectionEvent.StateChanged s ? s.type() : null)
                .contains(EventType.NEEDS_REAUTH);
        return transition;
    }

    private static TokenSet tokens(String tag) {
        return new TokenSet(Secret.of("at-" + tag + "-" + UUID.randomUUID()), Secret.of("rt-" + tag), "bearer", T0,
                T0.plus(1, ChronoUnit.HOURS), List.of("read", "write"),
                Map.of("instance_url", "https://eu1.acme.example", "nested", Map.of("a", 1)));
    }
}
