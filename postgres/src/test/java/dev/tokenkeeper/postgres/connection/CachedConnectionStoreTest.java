package dev.tokenkeeper.postgres.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionLifecycle;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.port.ConnectionStore;
import dev.tokenkeeper.core.port.ForwardingConnectionStore;
import dev.tokenkeeper.core.refresh.FailureReason;
import dev.tokenkeeper.core.token.ExpiryPolicy;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.token.TokenSet;
import dev.tokenkeeper.postgres.DatabaseLocation;
import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.postgres.TestCiphers;
import dev.tokenkeeper.postgres.TestDatabases;
import dev.tokenkeeper.postgres.crypto.TinkTokenCipher;
import dev.tokenkeeper.postgres.connection.ConnectionCacheStats.EvictionCause;
import dev.tokenkeeper.testkit.clock.SettableClock;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The token path's cache of decrypted connections, two instances (stores, pools, listeners) on one database. */
class CachedConnectionStoreTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Entries live far longer than any wait here: only a notice or a write can make a change show. */
    private static final ConnectionCacheSettings SETTINGS = new ConnectionCacheSettings(100, Duration.ofHours(1));

    private final SettableClock clock = new SettableClock();
    private final List<AutoCloseable> opened = new ArrayList<>();
    private PostgresDatabase database;
    private TinkTokenCipher cipher;

    @BeforeEach
    void openDatabase() {
        database = TestDatabases.fresh();
        cipher = TestCiphers.fresh();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : opened.reversed()) {
            closeable.close();
        }
        database.close();
    }

    /** One instance: its own pool, its own store with a read counter, its own cache and listener. */
    private final class Instance {
        final AtomicInteger reads = new AtomicInteger();
        final PostgresConnectionStore store;
        final CachedConnectionStore cache;

        Instance(ConnectionCacheSettings settings, DatabaseLocation listenAt, Consumer<String> onRead) {
            PostgresDatabase pool = PostgresDatabase.open(database.location(), 2);
            opened.add(pool);
            store = new PostgresConnectionStore(pool, cipher);
            ConnectionStore counted = new ForwardingConnectionStore(store) {
                @Override
                public Optional<Connection> find(String connectionId) {
                    reads.incrementAndGet();
                    Optional<Connection> read = super.find(connectionId);
                    onRead.accept(connectionId);
                    return read;
                }
            };
            cache = CachedConnectionStore.start(counted, listenAt, settings,
                    copy -> copy.usableAt(ExpiryPolicy.DEFAULT, clock.millis()), clock);
            opened.add(cache);
        }

        Instance listening() {
            await().atMost(WAIT).until(cache::listening);
            return this;
        }

        Connection serve(String id) {
            return cache.findToServe(id).orElseThrow().connection();
        }
    }

    private Instance instance() {
        return new Instance(SETTINGS, database.location(), id -> { }).listening();
    }

    private void create(ConnectionStore store, String id, String accessToken) {
        assertThat(store.create(ConnectionLifecycle.created(id, "fake", tokens(accessToken, Duration.ofHours(1)),
                Map.of(), clock.instant(), null))).isTrue();
    }

    private TokenSet tokens(String accessToken, Duration lifetime) {
        return new TokenSet(Secret.of(accessToken), Secret.of("refresh-" + accessToken), "Bearer", clock.instant(),
                clock.instant().plus(lifetime), List.of(), Map.of());
    }

    /** A new grant committed through {@code store}, as a token commit or a reconnect writes it. */
    private static void commitToken(ConnectionStore store, String id, TokenSet tokens, Instant now) {
        Connection before = store.find(id).orElseThrow();
        assertThat(store.commit(ConnectionLifecycle.reconnected(before, tokens, now, null), before.generation(),
                null)).isTrue();
    }

    @Test
    void findToServe_answersFromMemory_whenTheConnectionWasReadBefore() {
        Instance a = instance();
        create(a.store, "c1", "at-1");

        Connection first = a.serve("c1");
        Connection second = a.serve("c1");

        assertThat(second).isEqualTo(first);
        assertThat(second.tokens().accessToken().reveal()).isEqualTo("at-1");
        assertThat(a.reads).hasValue(1);
        assertThat(a.cache.stats().hits()).isEqualTo(1);
        assertThat(a.cache.stats().misses()).isEqualTo(1);
    }

    @Test
    void findToServe_servesTheNewToken_whenAnotherInstanceCommittedOne() {
        Instance a = instance();
        Instance b = instance();
        create(a.store, "c1", "at-1");
        a.serve("c1");
        b.serve("c1");

        commitToken(b.cache, "c1", tokens("at-2", Duration.ofHours(1)), clock.instant());

        assertThat(b.serve("c1").tokens().accessToken().reveal()).as("the writer's own cache, at once")
                .isEqualTo("at-2");
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(a.serve("c1").tokens().accessToken().reveal()).isEqualTo("at-2"));
        assertThat(a.cache.stats().evictions(EvictionCause.NOTICE)).isPositive();
    }

    @Test
    void findToServe_seesTheNewState_whenAnotherInstanceMarkedTheConnectionStale() {
        Instance a = instance();
        Instance b = instance();
        create(a.store, "c1", "at-1");
        a.serve("c1");

        Connection before = b.cache.find("c1").orElseThrow();
        assertThat(b.cache.commit(ConnectionLifecycle.unrefreshable(before, ConnectionState.NEEDS_REAUTH,
                FailureReason.of("invalid_grant", "revoked"), clock.instant()), before.generation(), null)).isTrue();

        await().atMost(WAIT).untilAsserted(() ->
                assertThat(a.serve("c1").state()).isEqualTo(ConnectionState.NEEDS_REAUTH));
    }

    @Test
    void findToServe_seesTheNewMetadata_whenAnotherInstanceChangedIt() {
        Instance a = instance();
        Instance b = instance();
        create(a.store, "c1", "at-1");
        a.serve("c1");

        b.cache.changeMetadata("c1", old -> Map.of("team", "blue"), clock.instant());

        await().atMost(WAIT).untilAsserted(() -> assertThat(a.serve("c1").metadata()).containsEntry("team", "blue"));
    }

    @Test
    void findToServe_findsNothing_whenAnotherInstanceDeletedTheConnection() {
        Instance a = instance();
        Instance b = instance();
        create(a.store, "c1", "at-1");
        a.serve("c1");

        assertThat(b.cache.delete("c1")).isPresent();

        await().atMost(WAIT).untilAsserted(() -> assertThat(a.cache.findToServe("c1")).isEmpty());
    }

    @Test
    void findToServe_servesTheRewrittenRow_whenSqlOutsideTheStoreReencryptedIt() {
        Instance a = instance();
        create(a.store, "c1", "at-1");
        a.serve("c1");

        // as a re-key or an operator writes: straight to the row, not through any store
        byte[] rewritten = cipher.encrypt("at-rekeyed".getBytes(StandardCharsets.UTF_8),
                FieldAad.ACCESS_TOKEN.of("c1"));
        database.withConnection(db -> {
            try (PreparedStatement update = db.prepareStatement(
                    "update connections set access_token = ? where id = 'c1'")) {
                update.setBytes(1, rewritten);
                return update.executeUpdate();
            }
        });

        await().atMost(WAIT).untilAsserted(() ->
                assertThat(a.serve("c1").tokens().accessToken().reveal()).isEqualTo("at-rekeyed"));
    }

    @Test
    void findToServe_readsTheDatabase_whenTheTokenIsNoLongerUsable() {
        Instance a = instance();
        assertThat(a.store.create(ConnectionLifecycle.created("c1", "fake", tokens("at-1", Duration.ofMinutes(10)),
                Map.of(), clock.instant(), null))).isTrue();
        a.serve("c1");

        clock.advance(Duration.ofMinutes(9).plusSeconds(40)); // inside the last 30 s: the freshness buffer
        a.serve("c1");

        assertThat(a.reads).hasValue(2);
        assertThat(a.cache.stats().hits()).isZero();
        assertThat(a.cache.stats().evictions(EvictionCause.UNUSABLE)).isEqualTo(1);
        assertThat(a.cache.size()).as("an unusable token is not kept").isZero();
    }

    @Test
    void findToServe_readsTheDatabase_whenTheEntryOutlivedItsTimeLimit() {
        Duration ttl = Duration.ofMinutes(1);
        Instance a = new Instance(new ConnectionCacheSettings(100, ttl), database.location(), id -> { }).listening();
        create(a.store, "c1", "at-1");
        a.serve("c1");

        clock.advance(ttl);
        a.serve("c1");

        assertThat(a.reads).hasValue(2);
        assertThat(a.cache.stats().evictions(EvictionCause.EXPIRED)).isEqualTo(1);
    }

    @Test
    void findToServe_holdsAtMostTheSizeSetting_whenMoreConnectionsAreRead() {
        Instance a = new Instance(new ConnectionCacheSettings(2, Duration.ofHours(1)), database.location(),
                id -> { }).listening();
        for (int i = 0; i < 5; i++) {
            create(a.store, "c" + i, "at-" + i);
            a.serve("c" + i);
        }

        assertThat(a.cache.size()).isLessThanOrEqualTo(2);
        assertThat(a.cache.stats().evictions(EvictionCause.SIZE)).isGreaterThanOrEqualTo(3);
        assertThat(a.serve("c0").tokens().accessToken().reveal()).isEqualTo("at-0");
    }

    @Test
    void findToServe_doesNotKeepARead_whenAWriteLandedWhileItRan() {
        Map<String, Runnable> duringRead = new HashMap<>();
        Instance a = new Instance(SETTINGS, database.location(), id -> {
            Runnable race = duringRead.remove(id);
            if (race != null) {
                race.run();
            }
        }).listening();
        create(a.store, "c1", "at-1");
        CachedConnectionStore cache = a.cache;
        duringRead.put("c1", () -> cache.changeMetadata("c1", old -> Map.of("team", "red"), clock.instant()));

        Connection raced = a.serve("c1");
        Connection after = a.serve("c1");

        assertThat(raced.metadata()).as("read before the write").isEmpty();
        assertThat(after.metadata()).containsEntry("team", "red");
        assertThat(a.reads).hasValue(2);
    }

    @Test
    void findToServe_bypassesTheCache_whenTheListenConnectionIsNotUp() {
        DatabaseLocation nowhere = new DatabaseLocation("jdbc:postgresql://127.0.0.1:1/none", "none", Secret.of("x"));
        Instance a = new Instance(SETTINGS, nowhere, id -> { });
        create(a.store, "c1", "at-1");

        a.serve("c1");
        a.serve("c1");

        assertThat(a.cache.listening()).isFalse();
        assertThat(a.reads).hasValue(2);
        assertThat(a.cache.stats().bypasses()).isEqualTo(2);
        assertThat(a.cache.size()).isZero();
    }

    @Test
    void findToServe_servesTheDatabasesState_whenANoticeWasMissedWhileTheListenerWasDown() {
        Instance a = instance();
        create(a.store, "c1", "at-1");
        a.serve("c1");

        terminateListeners();
        // a change whose notice no one hears: triggers off for this session, as if sent while the listener was down
        byte[] rewritten = cipher.encrypt("at-missed".getBytes(StandardCharsets.UTF_8),
                FieldAad.ACCESS_TOKEN.of("c1"));
        database.inTransaction(db -> {
            try (Statement replica = db.createStatement()) {
                replica.execute("set local session_replication_role = replica");
            }
            try (PreparedStatement update = db.prepareStatement(
                    "update connections set access_token = ? where id = 'c1'")) {
                update.setBytes(1, rewritten);
                return update.executeUpdate();
            }
        });

        await().atMost(WAIT).until(() -> a.cache.stats().evictions(EvictionCause.RESET) >= 1);
        a.listening();
        assertThat(a.serve("c1").tokens().accessToken().reveal()).isEqualTo("at-missed");
    }

    @Test
    void close_dropsEveryHeldConnection() {
        Instance a = instance();
        create(a.store, "c1", "at-1");
        a.serve("c1");
        assertThat(a.cache.size()).isEqualTo(1);

        a.cache.close();

        assertThat(a.cache.size()).isZero();
        assertThat(a.cache.listening()).isFalse();
    }

    private void terminateListeners() {
        database.withConnection(db -> {
            try (Statement terminate = db.createStatement()) {
                return terminate.execute("select pg_terminate_backend(pid) from pg_stat_activity where query = 'listen "
                        + CachedConnectionStore.CHANNEL + "'");
            }
        });
    }
}
