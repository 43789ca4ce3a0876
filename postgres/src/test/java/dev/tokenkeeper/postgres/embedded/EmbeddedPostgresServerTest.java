package dev.tokenkeeper.postgres.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tokenkeeper.testkit.logs.StandardErrorCapture;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresServerTest {
    @TempDir
    Path temp;

    @Test
    void start_keepsData_acrossARestartOnTheSameDirectory() throws Exception {
        Path data = temp.resolve("pg");
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, 0);
                Connection connection = DriverManager.getConnection(server.jdbcUrl("postgres"));
                Statement statement = connection.createStatement()) {
            statement.execute("create table kept (v text)");
            statement.execute("insert into kept values ('survives')");
        }
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, 0);
                Connection connection = DriverManager.getConnection(server.jdbcUrl("postgres"))) {
            assertThat(query(connection, "select v from kept")).isEqualTo("survives");
        }
    }

    @Test
    void start_runsDurably_byDefault() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(temp.resolve("pg"), 0);
                Connection connection = server.location("postgres").connect()) {
            assertThat(settings(connection)).isEqualTo(Map.of(
                    "fsync", "on", "synchronous_commit", "on", "full_page_writes", "on"));
            assertThat(query(connection, "show max_wal_size")).isEqualTo("2GB");
            assertThat(query(connection, "show checkpoint_timeout")).isEqualTo("15min");
            long sharedBuffersMb = Long.parseLong(query(connection,
                    "select setting::bigint * 8 / 1024 from pg_settings where name = 'shared_buffers'"));
            assertThat(sharedBuffersMb).isBetween(ServerConfiguration.MIN_SHARED_BUFFERS_MB,
                    ServerConfiguration.MAX_SHARED_BUFFERS_MB);
        }
    }

    @Test
    void exitHook_waitsForTheOwnersClose_whenTheOwnerClosesAtExit() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(temp.resolve("pg"), 0)) {
            server.closedByOwnerAtExit(Duration.ofMinutes(5));
            Thread exitHook = Thread.ofPlatform().start(server::stopAtExit);
            await().atMost(Duration.ofSeconds(30)).until(() -> exitHook.getState() == Thread.State.TIMED_WAITING);

            try (Connection connection = server.location("postgres").connect()) {
                assertThat(query(connection, "select 'still serving'")).isEqualTo("still serving");
            }
            server.close(); // the owner's close, once its last work committed

            exitHook.join(Duration.ofSeconds(30));
            assertThat(exitHook.isAlive()).as("the exit hook returned after the owner's close").isFalse();
            assertThatThrownBy(() -> server.location("postgres").connect()).isInstanceOf(SQLException.class);
        }
    }

    @Test
    void sharedBuffers_isAnEighthOfTheMemory_within128MbAnd2Gb() {
        long gib = 1024L * 1024 * 1024;

        assertThat(ServerConfiguration.sharedBuffersMb(0)).isEqualTo(128);
        assertThat(ServerConfiguration.sharedBuffersMb(gib)).isEqualTo(128);
        assertThat(ServerConfiguration.sharedBuffersMb(8 * gib)).isEqualTo(1_024);
        assertThat(ServerConfiguration.sharedBuffersMb(24 * gib)).isEqualTo(2_048);
        assertThat(ServerConfiguration.sharedBuffersMb(Long.MAX_VALUE)).isEqualTo(2_048);
    }

    @Test
    void start_skipsFlushes_onlyWhenATestAsksForIt() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.builder(temp.resolve("pg"))
                .nonDurableForTestsOnly().start();
                Connection connection = server.location("postgres").connect()) {
            assertThat(settings(connection)).isEqualTo(Map.of(
                    "fsync", "off", "synchronous_commit", "off", "full_page_writes", "off"));
        }
    }

    @Test
    void start_asksForThePassword_keptOwnerOnlyInTheDataDirectory() throws Exception {
        Path data = temp.resolve("pg");
        String log;
        try (StandardErrorCapture stderr = new StandardErrorCapture();
                EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, 0)) {
            String password = Files.readString(data.resolve(SuperuserPassword.FILE_NAME)).strip();
            String url = "jdbc:postgresql://127.0.0.1:" + server.port() + "/postgres?user=postgres";

            assertThatThrownBy(() -> DriverManager.getConnection(url).close()).isInstanceOf(SQLException.class)
                    .hasMessageContaining("password");
            assertThatThrownBy(() -> DriverManager.getConnection(url + "&password=wrong" + password).close())
                    .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
            try (Connection connection = DriverManager.getConnection(url + "&password=" + password)) {
                assertThat(query(connection, "show password_encryption")).isEqualTo("scram-sha-256");
                assertThat(query(connection, "show unix_socket_directories")).isEmpty();
                assertThat(query(connection, "show listen_addresses")).isEqualTo("127.0.0.1");
            }
            assertThat(password).hasSizeGreaterThanOrEqualTo(40);
            assertThat(Files.getPosixFilePermissions(data.resolve(SuperuserPassword.FILE_NAME)))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.readString(data.resolve("pg_hba.conf"))).isEqualTo(ClientAuthentication.CONTENT);
            assertThat(SuperuserPassword.initdbFile(data)).doesNotExist();
            log = stderr.text();
            assertThat(log).doesNotContain(password);
            assertThat(server.location("postgres").toString()).doesNotContain(password);
        }
    }

    @Test
    void start_upgradesAClusterThatTrustedEveryone_toAPassword() throws Exception {
        Path data = temp.resolve("pg");
        int port;
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false)
                .setRegisterShutdownHook(false).start();
                Connection connection = old.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("create table kept (v text)");
            statement.execute("insert into kept values ('from the trusting days')");
        }
        assertThat(ClientAuthentication.trustsAnyone(data)).as("the old cluster trusts").isTrue();

        String log;
        try (StandardErrorCapture stderr = new StandardErrorCapture();
                EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, 0);
                Connection connection = server.location("postgres").connect()) {
            log = stderr.text();
            port = server.port();
            assertThat(query(connection, "select v from kept")).isEqualTo("from the trusting days");
            assertThatThrownBy(() -> DriverManager.getConnection(
                    "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres").close())
                    .isInstanceOf(SQLException.class);
        }
        String password = Files.readString(data.resolve(SuperuserPassword.FILE_NAME)).strip();
        assertThat(log).containsOnlyOnce("upgraded the embedded PostgreSQL").doesNotContain(password);
        assertThat(ClientAuthentication.trustsAnyone(data)).isFalse();

        try (StandardErrorCapture stderr = new StandardErrorCapture();
                EmbeddedPostgresServer again = EmbeddedPostgresServer.start(data, 0);
                Connection connection = again.location("postgres").connect()) {
            assertThat(query(connection, "select v from kept")).isEqualTo("from the trusting days");
            assertThat(stderr.text()).doesNotContain("upgraded");
        }
    }

    @Test
    void start_removesAStalePidFile_whosePidIsAnotherProgramNow() throws Exception {
        Path data = temp.resolve("pg");
        EmbeddedPostgresServer.start(data, 0).close();
        Process otherProgram = new ProcessBuilder("sleep", "300").start();
        try {
            Files.writeString(data.resolve("postmaster.pid"), otherProgram.pid() + "\n" + data + "\n");
            try (StandardErrorCapture stderr = new StandardErrorCapture();
                    EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, 0);
                    Connection connection = server.location("postgres").connect()) {
                assertThat(query(connection, "select 'up'")).isEqualTo("up");
                assertThat(stderr.text()).containsOnlyOnce("removed the stale postmaster.pid");
            }
            assertThat(otherProgram.isAlive()).as("the other program is left alone").isTrue();
        } finally {
            otherProgram.destroyForcibly();
        }
    }

    private static Map<String, String> settings(Connection connection) throws SQLException {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String name : new String[] {"fsync", "synchronous_commit", "full_page_writes"}) {
            settings.put(name, query(connection, "show " + name));
        }
        return settings;
    }

    private static String query(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getString(1);
        }
    }
}
