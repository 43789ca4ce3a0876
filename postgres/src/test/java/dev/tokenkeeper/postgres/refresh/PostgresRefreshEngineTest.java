package dev.tokenkeeper.postgres.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkeeper.core.refresh.JdkHttpTokenEndpoint;
import dev.tokenkeeper.core.refresh.RefreshEngine;
import dev.tokenkeeper.core.refresh.RefreshSettings;
import dev.tokenkeeper.core.refresh.TokenAnswer;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.postgres.TestCiphers;
import dev.tokenkeeper.postgres.TestConnections;
import dev.tokenkeeper.postgres.TestDatabases;
import dev.tokenkeeper.postgres.connection.CorruptConnectionException;
import dev.tokenkeeper.postgres.connection.PostgresConnectionStore;
import dev.tokenkeeper.postgres.crypto.TinkTokenCipher;
import dev.tokenkeeper.postgres.lease.PostgresRefreshLease;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import dev.tokenkeeper.fake.RefreshTokenPolicy;
import dev.tokenkeeper.memory.InMemoryProviderDirectory;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine on PostgreSQL, several "instances" (each its own pool and listener) sharing one database. */
class PostgresRefreshEngineTest {
    private final FakeProvider provider = FakeProvider.start();
    private final PostgresDatabase shared = TestDatabases.fresh();
    private final TinkTokenCipher cipher = TestCiphers.fresh();
    private final InMemoryProviderDirectory providers = new InMemoryProviderDirectory();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    PostgresRefreshEngineTest() {
        providers.put(TestConnections.providerConfig(provider));
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : closeables.reversed()) {
            closeable.close();
        }
        shared.close();
        provider.close();
    }

    @Test
    void freshToken_callsTheProviderOnce_when300CallersOnThreeInstancesAskForOneExpiredConnection()
            throws Exception {
        provider.quirks().refreshTokens(RefreshTokenPolicy.ROTATE).reuseDetection(true)
                .tokenLatency(Duration.ofMillis(300));
        IssuedGrant grant = importExpired("pg-expired-1");
        List<RefreshEngine> instances = List.of(instance("a"), instance("b"), instance("c"));

        List<TokenAnswer> answers = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(300)) {
            List<Future<TokenAnswer>> futures = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                RefreshEngine engine = instances.get(i % 3);
                futures.add(pool.submit(() -> {
                    start.await();
                    return engine.freshToken("pg-expired-1");
                }));
            }
            start.countDown();
            for (Future<TokenAnswer> future : futures) {
                answers.add(future.get());
            }
        }

        assertThat(provider.refreshCount(grant.grantId())).isEqualTo(1);
        assertThat(provider.anyGrantRevoked()).isFalse();
        Set<Secret> served = new HashSet<>();
        answers.forEach(a -> served.add(((TokenAnswer.Fresh) a).tokens().accessToken()));
        assertThat(served).containsExactly(Secret.of(provider.currentAccessToken(grant.grantId()).orElseThrow()));
    }

    @Test
    void tables_holdNoTokenOrSecretInPlainText_afterRefreshesAndFailures() throws Exception {
        provider.quirks().refreshTokens(RefreshTokenPolicy.ROTATE);
        RefreshEngine engine = instance("a");
        List<String> issued = new ArrayList<>(List.of(FakeProvider.DEFAULT_CLIENT_SECRET));
        for (int i = 0; i < 5; i++) {
            IssuedGrant grant = importExpired("pg-dump-" + i);
            issued.add(grant.accessToken());
            issued.add(grant.refreshToken());
            engine.freshToken("pg-dump-" + i);
            issued.add(provider.currentAccessToken(grant.grantId()).orElseThrow());
            issued.add(provider.currentRefreshToken(grant.grantId()).orElseThrow());
        }
        IssuedGrant echoed = importExpired("pg-dump-echo");
        issued.add(echoed.refreshToken());
        provider.grantQuirks(echoed.grantId()).failNextTokenRequests(1, 400, Map.of("Content-Type",
                "application/json"), "{\"error\":\"invalid_grant\",\"error_description\":\"bad token "
                + echoed.refreshToken() + "\"}");
        engine.freshToken("pg-dump-echo");

        String dump = dumpEveryTable();

        assertThat(dump).contains("pg-dump-echo").contains("invalid_grant");
        for (String secret : issued) {
            assertThat(dump).doesNotContain(secret)
                    .doesNotContain(HexFormat.of().formatHex(secret.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void find_reportsAndDoesNotServe_whenARowsCiphertextWasSwappedIntoAnother() throws Exception {
        RefreshEngine engine = instance("a");
        importExpired("pg-victim");
        importExpired("pg-thief");
        shared.withConnection(db -> {
            try (Statement swap = db.createStatement()) {
                return swap.executeUpdate("update connections set access_token ="
                        + " (select access_token from connections where id = 'pg-victim') where id = 'pg-thief'");
            }
        });

        assertThatThrownBy(() -> engine.freshToken("pg-thief"))
                .isInstanceOfSatisfying(CorruptConnectionException.class,
                        e -> assertThat(e.connectionId()).isEqualTo("pg-thief"))
                .hasMessageContaining("access_token");
        assertThat(engine.freshToken("pg-victim")).isInstanceOf(TokenAnswer.Fresh.class);
        assertThat(provider.anyGrantRevoked()).isFalse();
    }

    private RefreshEngine instance(String name) {
        PostgresDatabase database = PostgresDatabase.open(shared.jdbcUrl(), 40);
        PostgresRefreshLease leases = new PostgresRefreshLease(database);
        JdkHttpTokenEndpoint endpoint = new JdkHttpTokenEndpoint(InstantSource.system());
        closeables.add(database);
        closeables.add(leases);
        closeables.add(endpoint);
        return new RefreshEngine(new PostgresConnectionStore(database, cipher), leases, providers, endpoint,
                InstantSource.system(), RefreshSettings.defaults("instance-" + name), new Random(7));
    }

    private IssuedGrant importExpired(String id) {
        return TestConnections.importExpired(provider, new PostgresConnectionStore(shared, cipher), id);
    }

    /** Every row of every table of the public schema, as text, the way a leaked backup would read. */
    private String dumpEveryTable() {
        return shared.withConnection(db -> {
            StringBuilder dump = new StringBuilder();
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = db.getMetaData().getTables(null, "public", "%", new String[] {"TABLE"})) {
                while (rows.next()) {
                    tables.add(rows.getString("TABLE_NAME"));
                }
            }
            assertThat(tables).contains("connections", "connection_events", "quarantined_refreshes");
            for (String table : tables) {
                try (PreparedStatement select = db.prepareStatement("select t::text from " + table + " t");
                        ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        dump.append(rows.getString(1)).append('\n');
                    }
                }
            }
            return dump.toString();
        });
    }
}
