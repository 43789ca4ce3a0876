package dev.tokenkeeper.postgres.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionLifecycle;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.token.TokenSet;
import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.postgres.TestDatabases;
import dev.tokenkeeper.postgres.connection.PostgresConnectionStore;
import dev.tokenkeeper.postgres.crypto.KeysetException;
import dev.tokenkeeper.postgres.crypto.KeysetFile;
import dev.tokenkeeper.testkit.logs.StandardErrorCapture;
import dev.tokenkeeper.postgres.embedded.EmbeddedPostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenkeeperStorageTest {
    private static final String ACCESS_TOKEN = "at-kept-across-restarts";

    @TempDir
    Path temp;

    @Test
    void open_startsPostgresAndGeneratesTheKeysetUnderTheDataDirectory_withAWarning_whenNoUrlIsSet() {
        Path data = temp.resolve("data");
        String log;
        try (StandardErrorCapture stderr = new StandardErrorCapture();
                TokenkeeperStorage storage = TokenkeeperStorage.open(embeddedIn(data))) {
            log = stderr.text();
            assertThat(storage.description()).startsWith("embedded PostgreSQL on 127.0.0.1:")
                    .endsWith("with data in " + data.toAbsolutePath().resolve("postgres"));
        }

        assertThat(data.resolve("postgres/PG_VERSION")).isRegularFile();
        assertThat(data.resolve(KeysetFile.GENERATED_FILE_NAME)).isRegularFile();
        assertThat(log).containsPattern("WARN .*generated a new keyset in "
                + Pattern.quote(data.resolve(KeysetFile.GENERATED_FILE_NAME).toString())
                + ", next to the data.*TOKENKEEPER_KEYSET");
    }

    @Test
    void open_refusesNamingTheDataDirectory_whenAnotherInstanceRunsItsEmbeddedServer() {
        Path data = temp.resolve("data");
        try (TokenkeeperStorage running = TokenkeeperStorage.open(embeddedIn(data))) {
            assertThatThrownBy(() -> TokenkeeperStorage.open(embeddedIn(data)))
                    .isInstanceOf(InvalidSettingException.class)
                    .hasMessageContaining(StorageSettings.DATA_DIR)
                    .hasMessageContaining("another Tokenkeeper is running");
        }
    }

    @Test
    void open_runsTheEmbeddedServerDurably_withAPasswordApartFromTheUrl() throws Exception {
        try (StandardErrorCapture stderr = new StandardErrorCapture();
                TokenkeeperStorage storage = TokenkeeperStorage.open(embeddedIn(temp.resolve("data")));
                java.sql.Connection db = storage.database().dataSource().getConnection();
                Statement statement = db.createStatement()) {
            for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes")) {
                try (ResultSet row = statement.executeQuery("show " + setting)) {
                    row.next();
                    assertThat(row.getString(1)).as(setting).isEqualTo("on");
                }
            }
            assertThat(stderr.text()).doesNotContain("acknowledges commits before");
            assertThat(storage.database().location().password()).isNotNull();
            assertThat(storage.database().jdbcUrl()).doesNotContain("password");
        }
    }

    @Test
    void open_warnsInOneLine_whenTheExternalDatabaseAcknowledgesCommitsBeforeTheyAreOnDisk() {
        // the tests' shared server runs without flushes, as an operator's careless server might
        String log;
        try (StandardErrorCapture stderr = new StandardErrorCapture();
                TokenkeeperStorage storage = TokenkeeperStorage.open(StorageSettings.fromEnvironment(Map.of(
                        "TOKENKEEPER_DATABASE_URL", TestDatabases.freshUrl(),
                        "TOKENKEEPER_KEYSET", keysetFile().toString())))) {
            log = stderr.text();
        }

        assertThat(log.lines().filter(line -> line.contains("acknowledges commits before they are on disk")))
                .singleElement().asString()
                .contains("fsync=off, full_page_writes=off, synchronous_commit=off")
                .contains("external PostgreSQL at");
    }

    @Test
    void open_readsTheRowsWrittenBeforeARestart_whenTheDataDirectoryIsTheSame() {
        Path data = temp.resolve("data");
        try (TokenkeeperStorage storage = TokenkeeperStorage.open(embeddedIn(data))) {
            createConnection(storage, "kept-1");
        }

        try (TokenkeeperStorage reopened = TokenkeeperStorage.open(embeddedIn(data))) {
            Connection kept = new PostgresConnectionStore(reopened.database(), reopened.cipher()).find("kept-1")
                    .orElseThrow();
            assertThat(kept.tokens().accessToken()).isEqualTo(Secret.of(ACCESS_TOKEN));
        }
    }

    @Test
    void open_refusesToGenerateANewKeyset_whenTheGeneratedOneIsGoneButTheDatabaseHoldsTokens() throws Exception {
        Path data = temp.resolve("data");
        try (TokenkeeperStorage storage = TokenkeeperStorage.open(embeddedIn(data))) {
            createConnection(storage, "orphan-1");
        }
        Files.delete(data.resolve(KeysetFile.GENERATED_FILE_NAME));

        assertThatThrownBy(() -> TokenkeeperStorage.open(embeddedIn(data)))
                .isInstanceOf(KeysetException.class)
                .hasMessageContaining("is missing, but the database already holds tokens");
        assertThat(data.resolve(KeysetFile.GENERATED_FILE_NAME)).doesNotExist();
    }

    @Test
    void open_stopsTheEmbeddedServerItStarted_whenTheKeysetCannotBeLoaded() throws Exception {
        Path data = temp.resolve("data");
        Path brokenKeyset = Files.writeString(temp.resolve("broken-keyset.json"), "{\"not\": \"a keyset\"}");

        assertThatThrownBy(() -> TokenkeeperStorage.open(StorageSettings.fromEnvironment(Map.of(
                "TOKENKEEPER_DATA_DIR", data.toString(), "TOKENKEEPER_KEYSET", brokenKeyset.toString()))))
                .isInstanceOf(KeysetException.class)
                .hasMessageContaining("not a valid Tink keyset");

        // The embedded server locks its data directory while it runs: opening it again proves it was stopped.
        try (EmbeddedPostgresServer again = EmbeddedPostgresServer.start(data.resolve("postgres"), 0)) {
            assertThat(again.port()).isPositive();
        }
    }

    @Test
    void open_usesTheExternalDatabaseAndTheGivenKeyset_whenAUrlIsSet() throws Exception {
        String url = TestDatabases.freshUrl();
        Path data = temp.resolve("unused-data");

        try (TokenkeeperStorage storage = TokenkeeperStorage.open(StorageSettings.fromEnvironment(Map.of(
                "TOKENKEEPER_DATABASE_URL", url, "TOKENKEEPER_DATA_DIR", data.toString(),
                "TOKENKEEPER_KEYSET", keysetFile().toString())))) {
            createConnection(storage, "external-1");

            assertThat(storage.description()).isEqualTo("external PostgreSQL at "
                    + url.substring("jdbc:postgresql://".length(), url.indexOf('?')));
        }
        assertThat(data).doesNotExist();
        try (PostgresDatabase database = PostgresDatabase.open(url, 2)) {
            long rows = database.withConnection(db -> count(db, "select count(*) from connections"));
            assertThat(rows).isEqualTo(1);
        }
    }

    @Test
    void open_connectsWithTheUserOfAPostgresUrl_andNeverShowsItsPassword() throws Exception {
        String url = TestDatabases.freshUrl();
        String database = url.substring(url.lastIndexOf('/') + 1, url.indexOf('?'));
        int port = TestDatabases.server().port();
        String keyset = keysetFile().toString();
        String password = TestDatabases.server().location("postgres").password().reveal();

        try (TokenkeeperStorage storage = TokenkeeperStorage.open(StorageSettings.fromEnvironment(Map.of(
                "TOKENKEEPER_DATABASE_URL", "postgres://postgres:" + password + "@localhost:" + port + "/" + database,
                "TOKENKEEPER_KEYSET", keyset)));
                java.sql.Connection direct = storage.database().location().connect()) {
            assertThat(storage.description()).isEqualTo("external PostgreSQL at localhost:" + port + "/" + database)
                    .doesNotContain(password);
            assertThat(count(direct, "select count(*) from providers")).isZero();
        }
        assertThatThrownBy(() -> TokenkeeperStorage.open(StorageSettings.fromEnvironment(Map.of(
                "TOKENKEEPER_DATABASE_URL", "postgres://nobody:hunter2-secret@localhost:" + port + "/" + database,
                "TOKENKEEPER_KEYSET", keyset))))
                .hasMessageContaining("\"nobody\"")
                .hasMessageNotContaining("hunter2");
    }

    private StorageSettings embeddedIn(Path data) {
        return StorageSettings.fromEnvironment(Map.of("TOKENKEEPER_DATA_DIR", data.toString()));
    }

    private Path keysetFile() {
        KeysetFile keyset = KeysetFile.generatedIn(temp.resolve("keys"));
        keyset.load();
        return keyset.path();
    }

    private static void createConnection(TokenkeeperStorage storage, String id) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        TokenSet tokens = new TokenSet(Secret.of(ACCESS_TOKEN), Secret.of("rt-" + id), null, now,
                now.plusSeconds(3600), List.of(), Map.of());
        new PostgresConnectionStore(storage.database(), storage.cipher())
                .create(ConnectionLifecycle.created(id, "fake", tokens, Map.of(), now, null));
    }

    private static long count(java.sql.Connection db, String query) throws SQLException {
        try (Statement statement = db.createStatement(); ResultSet rows = statement.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
