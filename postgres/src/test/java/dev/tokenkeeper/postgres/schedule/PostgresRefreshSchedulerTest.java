package dev.tokenkeeper.postgres.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.port.ClaimBudget;
import dev.tokenkeeper.core.port.Lease;
import dev.tokenkeeper.core.provider.RotationSettings;
import dev.tokenkeeper.core.refresh.RefreshSettings;
import dev.tokenkeeper.core.refresh.SchedulerSettings;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.postgres.ExpiryWatch;
import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.postgres.TestCiphers;
import dev.tokenkeeper.postgres.TestConnections;
import dev.tokenkeeper.postgres.TestDatabases;
import dev.tokenkeeper.postgres.connection.PostgresConnectionStore;
import dev.tokenkeeper.postgres.crypto.TinkTokenCipher;
import dev.tokenkeeper.postgres.embedded.EmbeddedPostgresServer;
import dev.tokenkeeper.postgres.lease.PostgresRefreshLease;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import dev.tokenkeeper.fake.RefreshTokenPolicy;
import dev.tokenkeeper.memory.InMemoryProviderDirectory;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        providers.put(TestConnections.providerConfig(provider,
                config -> config.rotation(new RotationSettings(true, Duration.ofSeconds(30)))));
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : closeables.reversed()) {
            closeable.close();
        }
        provider.close();
    }

    @Test
    void schedulers_keepEveryShortLivedTokenUnexpired_whenThreeInstancesShareTheSchedule() throws Exception {
        provider.quirks().refreshTokens(RefreshTokenPolicy.ROTATE).reuseDetection(true)
                .accessTokenLifetime(Duration.ofSeconds(6)).tokenLatency(Duration.ofMillis(20));
        PostgresDatabase shared = open(TestDatabases.fresh());
        Map<String, IssuedGrant> grants = TestConnections.importDueOver(provider,
                new PostgresConnectionStore(shared, cipher), "scheduled", 60, Duration.ofSeconds(3));
        List<SchedulingInstance> instances = List.of("a", "b", "c").stream()
                .map(name -> instance(shared.jdbcUrl(), name, new SchedulerSettings(8, 4, Duration.ofMillis(250),
                        Duration.ofMillis(50))))
                .toList();
        PostgresConnectionStore reader = new PostgresConnectionStore(shared, cipher);
        ExpiryWatch watch = ExpiryWatch.start(reader, grants.keySet());

        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> grants.values().stream()
                    .allMatch(grant -> provider.refreshCount(grant.grantId()) >= 3));
        } finally {
            watch.stop();
            // stopped (running refreshes finish) so that stored and provider tokens are compared at rest
            instances.forEach(instance -> instance.scheduler.close());
        }

        assertThat(watch.expiredWhileHealthy())
                .as("connections whose stored token expired before the scheduler refreshed it").isEmpty();
        assertThat(provider.anyGrantRevoked()).isFalse();
        grants.forEach((id, grant) -> assertThat(reader.find(id).orElseThrow().tokens().refreshToken())
                .isEqualTo(Secret.of(provider.currentRefreshToken(grant.grantId()).orElseThrow())));
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
                grants = TestConnections.importDueOver(provider, new PostgresConnectionStore(first, cipher),
                        "scheduled", 40, Duration.ofMillis(500));
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
            restarted.scheduler.close();
            Instant now = Instant.now();
            grants.forEach((id, grant) -> {
                Connection stored = restarted.store.find(id).orElseThrow();
                assertThat(stored.state()).isEqualTo(ConnectionState.ACTIVE);
                assertThat(stored.nextRefreshAt()).isAfter(now);
                assertThat(stored.tokens().accessToken())
                        .isEqualTo(Secret.of(provider.currentAccessToken(grant.grantId()).orElseThrow()));
            });
        }
    }

    @Test
    void schedule_refreshesNormally_whenAnInstanceDiedHoldingClaimsWhoseRequestsNeverLeft() throws Exception {
        provider.quirks().refreshTokens(RefreshTokenPolicy.ROTATE).reuseDetection(true);
        providers.put(TestConnections.providerConfig(provider,
                config -> config.rotation(new RotationSettings(true, Duration.ZERO))));
        PostgresDatabase shared = open(TestDatabases.fresh());
        Map<String, IssuedGrant> grants = TestConnections.importDueOver(provider,
                new PostgresConnectionStore(shared, cipher), "claimed", 3, Duration.ZERO);
        List<Lease> dead = claimAll(shared, grants.size());
        awaitExpiry(shared, dead);

        try (SchedulingInstance next = new SchedulingInstance(shared.jdbcUrl(), cipher, providers, REFRESH,
                new SchedulerSettings(8, 4, Duration.ofMillis(250), Duration.ofMillis(50)))) {
            assertThat(next.scheduler.runDueOnce()).isEqualTo(grants.size());
            grants.forEach((id, grant) -> {
                Connection stored = next.store.find(id).orElseThrow();
                assertThat(stored.state()).isEqualTo(ConnectionState.ACTIVE);
                assertThat(stored.lastError()).as("a claim whose request never left is not interrupted").isNull();
                assertThat(stored.refreshCount()).isEqualTo(1);
                assertThat(provider.refreshCount(grant.grantId())).isEqualTo(1);
            });
        }
        assertThat(provider.anyGrantRevoked()).isFalse();
    }

    @Test
    void schedule_resendsSafely_whenAnInstanceDiedBetweenItsDurableMarkAndItsRequest_andIntrospectionSaysActive()
            throws Exception {
        provider.quirks().refreshTokens(RefreshTokenPolicy.ROTATE).reuseDetection(true);
        providers.put(TestConnections.providerConfig(provider, config -> config
                .rotation(new RotationSettings(true, Duration.ZERO)).introspectionUrl(provider.introspectionUrl())));
        PostgresDatabase shared = open(TestDatabases.fresh());
        Map<String, IssuedGrant> grants = TestConnections.importDueOver(provider,
                new PostgresConnectionStore(shared, cipher), "marked", 1, Duration.ZERO);
        List<Lease> dead = claimAll(shared, 1);
        try (PostgresRefreshLease leases = new PostgresRefreshLease(shared)) {
            assertThat(leases.markAttemptStarted(dead.getFirst())).isTrue();
        }
        awaitExpiry(shared, dead);
        RefreshSettings roomForIntrospection = RefreshSettings.defaults("next")
                .withTimings(Duration.ofSeconds(5), Duration.ofSeconds(15));

        try (SchedulingInstance next = new SchedulingInstance(shared.jdbcUrl(), cipher, providers,
                roomForIntrospection, new SchedulerSettings(8, 4, Duration.ofMillis(250), Duration.ofMillis(50)))) {
            assertThat(next.scheduler.runDueOnce()).isEqualTo(1);
            Connection stored = next.store.find("marked-0").orElseThrow();
            assertThat(stored.state()).isEqualTo(ConnectionState.ACTIVE);
            assertThat(stored.tokens().refreshToken()).isEqualTo(Secret.of(
                    provider.currentRefreshToken(grants.get("marked-0").grantId()).orElseThrow()));
        }
        assertThat(provider.introspectionCount()).as("the interrupted attempt was seen and asked about").isEqualTo(1);
        assertThat(provider.refreshCount()).isEqualTo(1);
        assertThat(provider.anyGrantRevoked()).isFalse();
    }

    /** Claims {@code count} due connections under 300 ms leases, as an instance that then dies would. */
    private static List<Lease> claimAll(PostgresDatabase database, int count) {
        PostgresRefreshSchedule schedule = new PostgresRefreshSchedule(database);
        List<Lease> claimed = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            schedule.claimDue("dead-instance/scheduler", Duration.ofMillis(300),
                    new ClaimBudget(count, count, Map.of())).forEach(claim -> claimed.add(claim.lease()));
            return claimed.size() == count;
        });
        return claimed;
    }

    private static void awaitExpiry(PostgresDatabase database, List<Lease> leases) throws InterruptedException {
        try (PostgresRefreshLease waiter = new PostgresRefreshLease(database)) {
            for (Lease lease : leases) {
                assertThat(waiter.awaitRelease(lease.connectionId(), Duration.ofSeconds(30))).isTrue();
            }
        }
    }

    private static String createDatabase(EmbeddedPostgresServer server) throws Exception {
        try (java.sql.Connection admin = DriverManager.getConnection(server.jdbcUrl("postgres"));
                Statement statement = admin.createStatement()) {
            statement.execute("create database tokenkeeper");
        }
        return server.jdbcUrl("tokenkeeper");
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
