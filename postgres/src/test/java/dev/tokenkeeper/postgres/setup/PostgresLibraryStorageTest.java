package dev.tokenkeeper.postgres.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenkeeper.core.library.TokenkeeperLibrary;
import dev.tokenkeeper.core.provider.ClientAuth;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.refresh.SchedulerSettings;
import dev.tokenkeeper.core.refresh.TokenAnswer;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.token.TokenSet;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import dev.tokenkeeper.fake.RefreshTokenPolicy;
import dev.tokenkeeper.postgres.TestCiphers;
import dev.tokenkeeper.postgres.TestDatabases;
import dev.tokenkeeper.testkit.callers.Callers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library's builder over PostgreSQL: two libraries (as two processes would) on one database keep one refresh in
 * flight per grant, the proactive refresh runs from the database's schedule, and the tokens are stored encrypted.
 */
class PostgresLibraryStorageTest {
    @TempDir
    Path data;

    private FakeProvider provider;
    private Map<String, String> environment;

    @BeforeEach
    void setUp() {
        provider = FakeProvider.start();
        provider.quirks().refreshTokens(RefreshTokenPolicy.ROTATE).reuseDetection(true);
        environment = Map.of(StorageSettings.DATABASE_URL, TestDatabases.freshUrl(),
                StorageSettings.KEYSET, TestCiphers.freshKeysetFile().toString(),
                StorageSettings.DATA_DIR, data.toString(),
                StorageSettings.POOL_SIZE, "8");
    }

    @AfterEach
    void stopProvider() {
        provider.close();
    }

    @Test
    void twoLibrariesOnOneDatabase_refreshAnExpiredRotatingGrantOnce_for100CallersSplitBetweenThem()
            throws Exception {
        IssuedGrant grant = provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID, "read");
        try (TokenkeeperLibrary first = library().withoutProactiveRefresh().build();
                TokenkeeperLibrary second = library().withoutProactiveRefresh().build()) {
            Instant now = Instant.now();
            first.importConnection("customer-1", "fake", new TokenSet(Secret.of(grant.accessToken()),
                    Secret.of(grant.refreshToken()), TokenSet.BEARER, now.minus(Duration.ofHours(2)),
                    now.minus(Duration.ofHours(1)), List.of("read"), Map.of()));

            List<TokenAnswer> answers = Callers.atOnce(100,
                    i -> () -> (i % 2 == 0 ? first : second).freshToken("customer-1"));

            assertThat(provider.refreshCount(grant.grantId())).isEqualTo(1);
            assertThat(provider.revocationOf(grant.grantId())).isEmpty();
            String current = provider.currentAccessToken(grant.grantId()).orElseThrow();
            assertThat(answers).hasSize(100).allSatisfy(answer -> assertThat(answer)
                    .isInstanceOfSatisfying(TokenAnswer.Fresh.class,
                            fresh -> assertThat(fresh.tokens().accessToken().reveal()).isEqualTo(current)));
            assertThat(second.find("customer-1").orElseThrow().tokens().refreshToken().reveal())
                    .isEqualTo(provider.currentRefreshToken(grant.grantId()).orElseThrow());
        }
    }

    @Test
    void theProactiveRefresh_runsFromTheDatabasesSchedule_andTheTokensAreStoredEncrypted() throws Exception {
        provider.quirks().accessTokenLifetime(Duration.ofSeconds(4));
        IssuedGrant grant = provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID, "read");
        try (TokenkeeperLibrary library = library()
                .proactiveRefresh(new SchedulerSettings(4, 4, Duration.ofMillis(200), Duration.ofMillis(100)))
                .build()) {
            library.importConnection("customer-2", "fake", Secret.of(grant.accessToken()),
                    Secret.of(grant.refreshToken()), grant.expiresIn());

            await().atMost(Duration.ofSeconds(30)).until(() -> provider.refreshCount(grant.grantId()) >= 1);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    library.find("customer-2").orElseThrow().tokens().accessToken().reveal())
                    .isEqualTo(provider.currentAccessToken(grant.grantId()).orElseThrow()));

            String dump = connectionsTable(environment.get(StorageSettings.DATABASE_URL));
            assertThat(dump).contains("customer-2")
                    .doesNotContain(grant.accessToken()).doesNotContain(grant.refreshToken())
                    .doesNotContain(provider.currentAccessToken(grant.grantId()).orElseThrow());
        }
    }

    private TokenkeeperLibrary.Builder library() {
        return TokenkeeperLibrary.builder().storage(PostgresLibraryStorage.open(environment))
                .provider(ProviderConfig.builder("fake")
                        .tokenUrl(provider.tokenUrl())
                        .clientId(FakeProvider.DEFAULT_CLIENT_ID)
                        .clientSecret(Secret.of(FakeProvider.DEFAULT_CLIENT_SECRET))
                        .clientAuth(ClientAuth.CLIENT_SECRET_BASIC)
                        .build());
    }

    /** Every row of the connections table as text, the way a leaked dump would read. */
    private static String connectionsTable(String url) throws Exception {
        StringBuilder rows = new StringBuilder();
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("select * from connections")) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                for (int column = 1; column <= columns; column++) {
                    Object value = result.getObject(column);
                    rows.append(value instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1) : value)
                            .append('|');
                }
                rows.append('\n');
            }
        }
        return rows.toString();
    }
}
