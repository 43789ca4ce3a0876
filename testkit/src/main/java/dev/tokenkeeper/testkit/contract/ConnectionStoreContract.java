package dev.tokenkeeper.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionEvent;
import dev.tokenkeeper.core.connection.ConnectionLifecycle;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.connection.EventType;
import dev.tokenkeeper.core.connection.ServingCopy;
import dev.tokenkeeper.core.connection.Transition;
import dev.tokenkeeper.core.port.ConnectionQuery;
import dev.tokenkeeper.core.port.ConnectionStore;
import dev.tokenkeeper.core.port.Lease;
import dev.tokenkeeper.core.port.QuarantinedRefresh;
import dev.tokenkeeper.core.port.RefreshLease;
import dev.tokenkeeper.core.refresh.FailureClass;
import dev.tokenkeeper.core.refresh.FailureReason;
import dev.tokenkeeper.core.refresh.RefreshOutcome;
import dev.tokenkeeper.core.token.ExpiryPolicy;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.token.TokenSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
    void findToServe_answersACopyOfTheStoredVersion_throughCommitsAndDelete() {
        ConnectionStore store = fixture().store();
        Connection before = created(store);
        long aMinuteIn = T0.plus(1, ChronoUnit.MINUTES).toEpochMilli();

        ServingCopy active = store.findToServe(before.id()).orElseThrow();
        assertThat(active.connection()).isEqualTo(store.find(before.id()).orElseThrow());
        assertThat(active.freshAt(ExpiryPolicy.DEFAULT, aMinuteIn)).isTrue();

        assertThat(store.commit(needsReauth(before), before.generation(), null)).isTrue();
        ServingCopy dead = store.findToServe(before.id()).orElseThrow();
        assertThat(dead.connection()).isEqualTo(store.find(before.id()).orElseThrow());
        assertThat(dead.freshAt(ExpiryPolicy.DEFAULT, aMinuteIn)).as("not active").isFalse();

        store.delete(before.id());
        assertThat(store.findToServe(before.id())).isEmpty();
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
    void commitWithoutALease_settlesADeadHoldersStartedAttempt_onlyWhenItBringsANewGrant() throws Exception {
        Fixture fixture = fixture();
        Connection before = created(fixture.store());
        Lease dead = fixture.leases().tryAcquire(before.id(), "a", Duration.ofMillis(300)).orElseThrow();
        assertThat(fixture.leases().markAttemptStarted(dead)).isTrue();
        Transition sameGrant = needsReauth(before);
        assertThat(fixture.store().commit(sameGrant, before.generation(), null)).isTrue();
        Connection stale = sameGrant.after();
        fixture.leases().awaitRelease(before.id(), Duration.ofSeconds(30));
        Lease probe = fixture.leases().tryAcquire(before.id(), "b", Duration.ofSeconds(30)).orElseThrow();
        assertThat(probe.interruptedAttempt()).as("a write of the same grant settles nothing").isTrue();
        fixture.leases().release(probe);

        Transition reconnect = ConnectionLifecycle.reconnected(stale, new TokenSet(Secret.of("at-new"),
                Secret.of("rt-new"), "Bearer", T0, T0.plusSeconds(3600), List.of(), Map.of()), T0, null);
        assertThat(fixture.store().commit(reconnect, stale.generation(), null)).isTrue();

        assertThat(fixture.leases().tryAcquire(before.id(), "c", Duration.ofSeconds(30))).hasValueSatisfying(
                next -> assertThat(next.interruptedAttempt()).as("the old grant's attempt is moot").isFalse());
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
    void record_appendsToTheTimeline_withoutChangingTheConnection() {
        ConnectionStore store = fixture().store();
        Connection before = created(store);
        FailureReason why = FailureReason.of("access_denied", "the user declined", Cause.ACCESS_DENIED);
        ConnectionEvent failed = ConnectionLifecycle.connectFailed(before, why, T0.plusSeconds(30));

        store.record(List.of(failed));

        assertThat(store.find(before.id())).contains(before);
        List<ConnectionEvent> timeline = store.events(before.id(), 10);
        assertThat(timeline).hasSize(2).last().isEqualTo(failed);
        ConnectionEvent.StateChanged read = (ConnectionEvent.StateChanged) timeline.getLast();
        assertThat(read.type()).isEqualTo(EventType.CONNECT_FAILED);
        assertThat(read.reason().cause()).isEqualTo(Cause.ACCESS_DENIED);
        Transition dead = needsReauth(before);
        assertThat(store.commit(dead, before.generation(), null)).as("the generation did not move").isTrue();
    }

    @Test
    void record_dropsEventsOfAConnectionThatDoesNotExist_andKeepsTheOthers() {
        ConnectionStore store = fixture().store();
        Connection kept = created(store);
        Connection gone = created(store);
        store.delete(gone.id());
        FailureReason why = FailureReason.of("code_refused", "the code was refused", Cause.CODE_EXCHANGE_FAILED);

        store.record(List.of(ConnectionLifecycle.connectFailed(gone, why, T0.plusSeconds(5)),
                ConnectionLifecycle.connectFailed(kept, why, T0.plusSeconds(5))));

        assertThat(store.events(gone.id(), 10)).isEmpty();
        assertThat(store.find(gone.id())).isEmpty();
        assertThat(store.events(kept.id(), 10)).hasSize(2);
    }

    @Test
    void quarantined_returnsWhatWasKept() {
        ConnectionStore store = fixture().store();
        Connection before = created(store);
        QuarantinedRefresh kept = new QuarantinedRefresh(before.id(), 7, tokens("late"), T0, "lease lost");

        store.quarantine(kept);

        assertThat(store.quarantined(before.id())).containsExactly(kept);
    }

    @Test
    void list_walksEveryConnectionOnceInIdOrder_acrossPages() {
        ConnectionStore store = fixture().store();
        String prefix = "list-" + UUID.randomUUID();
        List<String> mine = new ArrayList<>();
        for (String suffix : List.of("b", "B", "0", "_z", ".a", ":1", "-x", "a", "a0", "Z")) {
            mine.add(created(store, prefix + suffix, uniqueProvider()).id());
        }

        List<String> walked = new ArrayList<>();
        ConnectionQuery page = ConnectionQuery.all(3).after(prefix);
        for (List<Connection> found = store.list(page); !found.isEmpty(); found = store.list(page)) {
            assertThat(found).hasSizeLessThanOrEqualTo(3);
            found.forEach(c -> walked.add(c.id()));
            page = page.after(found.getLast().id());
        }

        assertThat(walked).doesNotHaveDuplicates().isSortedAccordingTo(Comparator.naturalOrder());
        assertThat(walked.stream().filter(id -> id.startsWith(prefix)))
                .containsExactlyElementsOf(mine.stream().sorted().toList());
    }

    @Test
    void list_returnsOnlyTheProvidersConnections_whenFilteredByProvider() {
        ConnectionStore store = fixture().store();
        String acme = uniqueProvider();
        String globex = uniqueProvider();
        List<String> acmeIds = List.of(created(store, uniqueId(), acme).id(), created(store, uniqueId(), acme).id());
        created(store, uniqueId(), globex);

        List<Connection> found = store.list(new ConnectionQuery(acme, null, null, ConnectionQuery.MAX_LIMIT));

        assertThat(found).extracting(Connection::id).containsExactlyElementsOf(acmeIds.stream().sorted().toList());
    }

    @Test
    void list_returnsOnlyConnectionsInTheState_whenFilteredByState() {
        ConnectionStore store = fixture().store();
        String provider = uniqueProvider();
        Connection active = created(store, uniqueId(), provider);
        List<String> dead = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Connection before = created(store, uniqueId(), provider);
            assertThat(store.commit(needsReauth(before), before.generation(), null)).isTrue();
            dead.add(before.id());
        }

        List<Connection> deadOfProvider = store.list(
                new ConnectionQuery(provider, ConnectionState.NEEDS_REAUTH, null, ConnectionQuery.MAX_LIMIT));
        List<Connection> activeOfProvider = store.list(
                new ConnectionQuery(provider, ConnectionState.ACTIVE, null, ConnectionQuery.MAX_LIMIT));
        List<Connection> deadOfAll = store.list(
                new ConnectionQuery(null, ConnectionState.NEEDS_REAUTH, null, ConnectionQuery.MAX_LIMIT));

        assertThat(deadOfProvider).extracting(Connection::id).containsExactlyElementsOf(dead.stream().sorted().toList());
        assertThat(activeOfProvider).containsExactly(active);
        assertThat(deadOfAll).extracting(Connection::id).containsAll(dead).doesNotContain(active.id());
        assertThat(deadOfAll).extracting(Connection::state).containsOnly(ConnectionState.NEEDS_REAUTH);
    }

    @Test
    void list_returnsAtMostTheLimit_fromTheSmallestIdAfterTheCursor() {
        ConnectionStore store = fixture().store();
        String provider = uniqueProvider();
        List<Connection> sorted = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sorted.add(created(store, uniqueId(), provider));
        }
        sorted.sort(Comparator.comparing(Connection::id));
        ConnectionQuery ofProvider = new ConnectionQuery(provider, null, null, 1);

        assertThat(store.list(ofProvider)).containsExactly(sorted.get(0));
        assertThat(store.list(ofProvider.after(sorted.get(0).id()))).containsExactly(sorted.get(1));
        assertThat(store.list(new ConnectionQuery(provider, null, sorted.get(0).id(), 5)))
                .containsExactly(sorted.get(1), sorted.get(2));
        assertThat(store.list(ofProvider.after(sorted.get(2).id()))).isEmpty();
    }

    @Test
    void list_returnsOnlyConnectionsHoldingEveryMetadataEntry_whenFilteredByMetadata() {
        ConnectionStore store = fixture().store();
        String provider = uniqueProvider();
        Connection proEu = labelled(store, provider, Map.of("plan", "pro", "region", "eu"));
        Connection proUs = labelled(store, provider, Map.of("plan", "pro", "region", "us"));
        labelled(store, provider, Map.of("plan", "free", "region", "eu"));
        labelled(store, provider, Map.of("plan", "Pro"));
        labelled(store, provider, Map.of("planned", "pro"));
        ConnectionQuery ofProvider = new ConnectionQuery(provider, null, null, ConnectionQuery.MAX_LIMIT);

        List<Connection> pro = store.list(ofProvider.withMetadata(Map.of("plan", "pro")));
        List<Connection> proInEu = store.list(ofProvider.withMetadata(Map.of("plan", "pro", "region", "eu")));
        List<Connection> none = store.list(ofProvider.withMetadata(Map.of("plan", "pro", "region", "asia")));

        assertThat(pro).extracting(Connection::id)
                .containsExactlyElementsOf(List.of(proEu.id(), proUs.id()).stream().sorted().toList());
        assertThat(proInEu).containsExactly(proEu);
        assertThat(none).isEmpty();
    }

    @Test
    void list_pagesThroughAMetadataFilter_andMatchesValuesThatLookLikeJson() {
        ConnectionStore store = fixture().store();
        String provider = uniqueProvider();
        List<String> odd = new ArrayList<>();
        for (String value : List.of("{\"a\":1}", "1", "true", "null", "\"quoted\"", "é ü", "")) {
            odd.add(labelled(store, provider, Map.of("k", value, "tag", "x")).id());
        }
        labelled(store, provider, Map.of("k", "other", "tag", "y"));
        ConnectionQuery page = new ConnectionQuery(provider, null, null, 2).withMetadata(Map.of("tag", "x"));

        List<String> walked = new ArrayList<>();
        for (List<Connection> found = store.list(page); !found.isEmpty(); found = store.list(page)) {
            found.forEach(c -> walked.add(c.id()));
            page = page.after(found.getLast().id());
        }

        assertThat(walked).containsExactlyElementsOf(odd.stream().sorted().toList());
        for (Connection connection : store.list(new ConnectionQuery(provider, null, null, 100))) {
            String value = connection.metadata().get("k");
            assertThat(store.list(new ConnectionQuery(provider, null, null, 100).withMetadata(Map.of("k", value))))
                    .as("value %s", value).containsExactly(connection);
        }
    }

    @Test
    void changeMetadata_writesTheChange_keepsTheGeneration_andAnswersTheConnection() {
        ConnectionStore store = fixture().store();
        Connection before = created(store);
        int eventsBefore = store.events(before.id(), 100).size();
        Instant later = T0.plusSeconds(60);

        Optional<Connection> changed = store.changeMetadata(before.id(), current -> {
            Map<String, String> next = new HashMap<>(current);
            next.put("plan", "pro");
            return next;
        }, later);

        Connection expected = before.withMetadata(Map.of("customer", "c-42", "plan", "pro"), later);
        assertThat(changed).contains(expected);
        assertThat(store.find(before.id())).contains(expected);
        assertThat(store.events(before.id(), 100)).hasSize(eventsBefore);
    }

    @Test
    void changeMetadata_isEmptyAndWritesNothing_whenTheIdIsUnknown_orTheChangeThrows() {
        ConnectionStore store = fixture().store();
        Connection before = created(store);

        assertThat(store.changeMetadata(uniqueId(), current -> Map.of("a", "b"), T0)).isEmpty();
        assertThatThrownBy(() -> store.changeMetadata(before.id(), current -> {
            throw new IllegalStateException("too many entries");
        }, T0.plusSeconds(5))).hasMessage("too many entries");
        assertThat(store.find(before.id())).contains(before);
    }

    @Test
    void changeMetadata_losesNoChange_whenManyChangeAtOnce() throws Exception {
        ConnectionStore store = fixture().store();
        Connection before = created(store);
        int writers = 16;
        ExecutorService threads = Executors.newFixedThreadPool(writers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                String key = "k" + i;
                done.add(threads.submit(() -> {
                    start.await();
                    return store.changeMetadata(before.id(), current -> {
                        Map<String, String> next = new HashMap<>(current);
                        next.put(key, "v");
                        return next;
                    }, T0.plusSeconds(1));
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(store.find(before.id()).orElseThrow().metadata()).hasSize(writers + 1).containsKeys("k0", "k15");
    }

    @Test
    void commit_keepsMetadataChangedSinceTheConnectionWasRead() {
        ConnectionStore store = fixture().store();
        Connection before = created(store);
        store.changeMetadata(before.id(), current -> Map.of("plan", "pro"), T0.plusSeconds(1));

        assertThat(store.commit(needsReauth(before), before.generation(), null)).isTrue();

        Connection after = store.find(before.id()).orElseThrow();
        assertThat(after.state()).isEqualTo(ConnectionState.NEEDS_REAUTH);
        assertThat(after.generation()).isEqualTo(before.generation() + 1);
        assertThat(after.metadata()).isEqualTo(Map.of("plan", "pro"));
    }

    @Test
    void delete_returnsTheDeletedConnection_andRemovesItsEventsAndQuarantinedAnswers() {
        ConnectionStore store = fixture().store();
        String provider = uniqueProvider();
        Connection before = created(store, uniqueId(), provider);
        Transition dead = needsReauth(before);
        store.commit(dead, before.generation(), null);
        store.quarantine(new QuarantinedRefresh(before.id(), 7, tokens("late"), T0, "lease lost"));
        Connection other = created(store, uniqueId(), provider);
        QuarantinedRefresh othersAnswer = new QuarantinedRefresh(other.id(), 3, tokens("other"), T0, "lease lost");
        store.quarantine(othersAnswer);

        assertThat(store.delete(before.id())).contains(dead.after());

        assertThat(store.find(before.id())).isEmpty();
        assertThat(store.events(before.id(), 100)).isEmpty();
        assertThat(store.quarantined(before.id())).isEmpty();
        assertThat(store.list(new ConnectionQuery(provider, null, null, ConnectionQuery.MAX_LIMIT)))
                .containsExactly(other);
        assertThat(store.find(other.id())).contains(other);
        assertThat(store.events(other.id(), 100)).isNotEmpty();
        assertThat(store.quarantined(other.id())).containsExactly(othersAnswer);
    }

    @Test
    void delete_isEmpty_whenTheIdIsUnknown() {
        ConnectionStore store = fixture().store();
        String id = uniqueId();

        assertThat(store.delete(id)).isEmpty();
        assertThat(store.find(id)).isEmpty();
    }

    @Test
    void create_startsAfreshWithTheSameId_afterDelete() {
        Fixture fixture = fixture();
        Connection before = created(fixture.store());
        fixture.store().commit(needsReauth(before), before.generation(), null);
        fixture.store().quarantine(new QuarantinedRefresh(before.id(), 7, tokens("late"), T0, "lease lost"));
        fixture.leases().tryAcquire(before.id(), "a", Duration.ofSeconds(30)).orElseThrow();
        fixture.store().delete(before.id());
        Transition again = creation(before.id(), "acme");

        assertThat(fixture.store().create(again)).isTrue();

        assertThat(fixture.store().find(before.id())).contains(again.after());
        assertThat(fixture.store().events(before.id(), 100)).containsExactlyElementsOf(again.events());
        assertThat(fixture.store().quarantined(before.id())).isEmpty();
        assertThat(fixture.leases().tryAcquire(before.id(), "b", Duration.ofSeconds(30))).isPresent();
    }

    @Test
    void quarantine_keepsNothing_whenTheConnectionWasDeleted() {
        ConnectionStore store = fixture().store();
        Connection before = created(store);
        store.delete(before.id());

        store.quarantine(new QuarantinedRefresh(before.id(), 7, tokens("late"), T0, "lease lost"));
        store.create(creation(before.id()));

        assertThat(store.quarantined(before.id())).isEmpty();
    }

    @Test
    void commit_refuses_underALeaseTakenBeforeTheConnectionWasDeletedAndCreatedAgain() {
        Fixture fixture = fixture();
        Connection before = created(fixture.store());
        Lease beforeDelete = fixture.leases().tryAcquire(before.id(), "a", Duration.ofSeconds(30)).orElseThrow();
        fixture.store().delete(before.id());
        Transition again = creation(before.id());
        fixture.store().create(again);
        fixture.leases().tryAcquire(before.id(), "b", Duration.ofSeconds(30)).orElseThrow();

        assertThat(fixture.store().commit(needsReauth(before), before.generation(), beforeDelete)).isFalse();
        assertThat(fixture.store().find(before.id())).contains(again.after());
    }

    /** A fresh id, so adapters may share state across tests. */
    protected static String uniqueId() {
        return "conn-" + UUID.randomUUID();
    }

    /** A fresh provider key, so that a listing by provider sees only the test's own connections. */
    private static String uniqueProvider() {
        return "provider-" + UUID.randomUUID();
    }

    private static Connection created(ConnectionStore store) {
        return created(store, uniqueId(), "acme");
    }

    private static Connection created(ConnectionStore store, String id, String provider) {
        Transition creation = creation(id, provider);
        assertThat(store.create(creation)).isTrue();
        return creation.after();
    }

    private static Connection labelled(ConnectionStore store, String provider, Map<String, String> metadata) {
        Transition creation = ConnectionLifecycle.created(uniqueId(), provider, tokens("first"), metadata, T0,
                T0.plus(50, ChronoUnit.MINUTES));
        assertThat(store.create(creation)).isTrue();
        return creation.after();
    }

    private static Transition creation(String id) {
        return creation(id, "acme");
    }

    private static Transition creation(String id, String provider) {
        return ConnectionLifecycle.created(id, provider, tokens("first"), Map.of("customer", "c-42"), T0,
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
        // every field round-trips, the refresh token's own expiry too
        return new TokenSet(Secret.of("at-" + tag + "-" + UUID.randomUUID()), Secret.of("rt-" + tag), "bearer", T0,
                T0.plus(1, ChronoUnit.HOURS), List.of("read", "write"),
                Map.of("instance_url", "https://eu1.acme.example", "nested", Map.of("a", 1)), T0.plus(90,
                        ChronoUnit.DAYS));
    }
}
