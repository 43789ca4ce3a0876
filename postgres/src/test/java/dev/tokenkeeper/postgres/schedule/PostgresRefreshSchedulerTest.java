package dev.tokenkeeper.postgres.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionLifecycle;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.provider.RotationSettings;
import dev.tokenkeeper.core.refresh.RefreshSettings;
import dev.tokenkeeper.core.refresh.SchedulerSettings;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.token.TokenSet;
import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.postgres.TestCiphers;
import dev.tokenkeeper.postgres.TestDatabases;
import dev.tokenkeeper.postgres.connection.PostgresConnectionStore;
import dev.tokenkeeper.postgres.crypto.TinkTokenCipher;
import dev.tokenkeeper.postgres.embedded.EmbeddedPostgresServer;
import dev.tokenkeeper.testkit.fake.FakeProvider;
import dev.tokenkeeper.testkit.fake.IssuedGrant;
import dev.tokenkeeper.testkit.fake.RefreshTokenPolicy;
import dev.tokenkeeper.testkit.memory.InMemoryProviderDirectory;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Proactive refresh on PostgreSQL: several instances share the schedule, and it survives a restart. */
class PostgresRefreshSchedulerTest {
    private static final RefreshSettings REFRESH = RefreshSettings.defaults("x")
            .withTimings(Duration.ofSeconds(2), Duration.ofSeconds(4));
    private final FakeProvider provider = FakeProvider.start();
    private final TinkTokenCipher cipher = TestCiphers.fresh();
    private final InMemoryProviderDirectory providers = new InMemoryProviderDirectory();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    PostgresRefreshSchedulerTest() {
        providers.put(ProviderConfig.builder("fake").tokenUrl(provider.tokenUrl())
                .clientId(FakeProvider.DEFAULT_CLIENT_ID)
                .clientSecret(Secret.of(FakeProvider.DEFAULT_CLIENT_SECRET))
                .rotation(new RotationSettings(true, Duration.ofSeconds(30))).build());
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : closeables.reversed()) {
            closeable.close();
        }
        provider.close();
    }

    @Test
    void schedulers_keepEveryShortLivedTokenUnexpired_whenThreeInstancesShareTheSchedule() {
        provider.quirks().refreshTokens(RefreshTokenPolicy.ROTATE).reuseDetection(true)
                .accessTokenLifetime(Duration.ofSeconds(6)).tokenLatency(Duration.ofMillis(20));
        PostgresDatabase shared = open(TestDatabases.fresh());
        Map<String, IssuedGrant> grants = importDueSoon(shared, 60, Duration.ofSeconds(3));
        for (String name : List.of("a", "b", "c")) {
            instance(shared.jdbcUrl(), name, new SchedulerSettings(8, 4, Duration.ofMillis(250),
                    Duration.ofMillis(50)));
        }
        PostgresConnectionStore reader = new PostgresConnectionStore(shared, cipher);
        Map<String, Instant> expiredSeen = new ConcurrentHashMap<>();
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread watcher = Thread.ofVirtual().start(() -> {
            while (watching.get()) {
                Instant now = Instant.now();
                for (String id : grants.keySet()) {
                    Connection stored = reader.find(id).orElseThrow();
                    if (!stored.tokens().expiresAt().isAfter(now)) {
                        expiredSeen.putIfAbsent(id, stored.tokens().expiresAt());
                    }
                }
            }
        });

        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> grants.values().stream()
                    .allMatch(grant -> provider.refreshCount(grant.grantId()) >= 3));
        } finally {
            watching.set(false);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !watcher.isAlive());

        assertThat(expiredSeen).as("connections whose stored token expired before the scheduler refreshed it")
                .isEmpty();
        assertThat(provider.anyGrantRevoked()).isFalse();
        grants.forEach((id, grant) -> assertThat(reader.find(id).orElseThrow().tokens().refreshToken().reveal())
                .isEqualTo(provider.currentRefreshToken(grant.grantId()).orElseThrow()));
    }

    @Test
    void schedule_stillRefreshesEveryDueConnection_whenTheServiceIsStoppedMidScheduleAndStartedAgain(
            @TempDir Path data) throws Exception {
        provider.quirks().tokenLatency(Duration.ofMillis(100));
        SchedulerSettings slow = new SchedulerSettings(2, 2, Duration.ofMillis(200), Duration.ofMillis(50));
        Map<String, IssuedGrant> grants;
        long doneBeforeStop;
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, 0)) {
            String url = createDatabase(server);
            try (PostgresDatabase first = PostgresDatabase.open(url, 4)) {
                grants = importDueSoon(first, 40, Duration.ofMillis(500));
            }
            try (SchedulingInstance running = new SchedulingInstance(url, cipher, providers,
                    REFRESH, slow).started()) {
                await().atMost(Duration.ofSeconds(60)).until(() -> provider.refreshCount() >= 5);
            }
            doneBeforeStop = provider.refreshCount();
        }
        assertThat(doneBeforeStop).as("the stop came mid-schedule").isLessThan(grants.size());

        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, 0);
                SchedulingInstance restarted = new SchedulingInstance(server.jdbcUrl("tokenkeeper"), cipher,
                        providers, REFRESH, slow).started()) {
            await().atMost(Duration.ofSeconds(120)).until(() -> grants.keySet().stream()
                    .allMatch(id -> restarted.store.find(id).orElseThrow().refreshCount() >= 1));
            Instant now = Instant.now();
            grants.forEach((id, grant) -> {
                Connection stored = restarted.store.find(id).orElseThrow();
                assertThat(stored.state()).isEqualTo(ConnectionState.ACTIVE);
                assertThat(stored.nextRefreshAt()).isAfter(now);
                assertThat(stored.tokens().accessToken().reveal())
                        .isEqualTo(provider.currentAccessToken(grant.grantId()).orElseThrow());
            });
        }
    }

    private static String createDatabase(EmbeddedPostgresServer server) throws Exception {
        try (java.sql.Connection admin = DriverManager.getConnection(server.jdbcUrl("postgres"));
                Statement statement = admin.createStatement()) {
            statement.execute("create database tokenkeeper");
        }
        return server.jdbcUrl("tokenkeeper");
    }

    /** Imports {@code count} grants of the fake whose proactive refresh falls due over the next {@code spread}. */
    private Map<String, IssuedGrant> importDueSoon(PostgresDatabase database, int count, Duration spread) {
        PostgresConnectionStore store = new PostgresConnectionStore(database, cipher);
        Map<String, IssuedGrant> grants = new LinkedHashMap<>();
        Instant now = Instant.now();
        for (int i = 0; i < count; i++) {
            IssuedGrant grant = provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
            String id = "scheduled-" + i;
            TokenSet tokens = new TokenSet(Secret.of(grant.accessToken()), Secret.of(grant.refreshToken()), "Bearer",
                    now, now.plus(grant.expiresIn()), List.of(), Map.of());
            Instant due = now.plusMillis(spread.toMillis() * i / count);
            assertThat(store.create(ConnectionLifecycle.created(id, "fake", tokens, Map.of(), now, due))).isTrue();
            grants.put(id, grant);
        }
        return grants;
    }

    private SchedulingInstance instance(String jdbcUrl, String name, SchedulerSettings scheduling) {
        SchedulingInstance instance = new SchedulingInstance(jdbcUrl, cipher, providers,
                new RefreshSettings("instance-" + name, REFRESH.httpDeadline(), REFRESH.leaseTtl(),
                        REFRESH.expiryPolicy(), REFRESH.backoff()), scheduling);
        closeables.add(instance);
        return instance.started();
    }

    private PostgresDatabase open(PostgresDatabase database) {
        closeables.add(database);
        return database;
    }
}
