package dev.tokenkeeper.postgres.instances;

import static org.awaitility.Awaitility.await;

import dev.tokenkeeper.postgres.TestDatabases;
import dev.tokenkeeper.postgres.embedded.EmbeddedPostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * An embedded PostgreSQL server of one test's own (not the shared one of {@link TestDatabases}), which the test may
 * disturb: terminate every client backend, or stop the postmaster and start it again on the same data directory and
 * port, so that the clients' URLs stay valid. Not durable (fsync off), as every test server: a clean stop loses
 * nothing.
 */
final class RestartablePostgres implements AutoCloseable {
    private static final String DATABASE = "tokenkeeper";
    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgresServer server;

    private RestartablePostgres(Path dataDirectory, EmbeddedPostgresServer server) {
        this.dataDirectory = dataDirectory;
        this.server = server;
        this.port = server.port();
    }

    /** Starts a server on a fresh data directory with a database for the deployment. */
    static RestartablePostgres start() {
        try {
            Path data = Files.createTempDirectory("tokenkeeper-t1-pg").resolve("postgres");
            RestartablePostgres postgres = new RestartablePostgres(data,
                    EmbeddedPostgresServer.builder(data).nonDurableForTestsOnly().start());
            postgres.admin("create database " + DATABASE);
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The deployment's database, with the password in it; valid across restarts. */
    synchronized String jdbcUrl() {
        return server.jdbcUrl(DATABASE);
    }

    /** Terminates every client backend but the one asking (instances' and the test's pools alike); how many. */
    int terminateClientBackends() {
        return admin("select count(*) filter (where pg_terminate_backend(pid)) from pg_stat_activity"
                + " where backend_type = 'client backend' and pid <> pg_backend_pid()");
    }

    /** Stops the postmaster (fast shutdown: clients are disconnected), waits {@code down}, starts it again. */
    synchronized void restart(Duration down) {
        server.close();
        // an outage of a set length, not a wait for something
        await().pollDelay(down).atMost(down.plusSeconds(1)).until(() -> true);
        server = EmbeddedPostgresServer.builder(dataDirectory).port(port).nonDurableForTestsOnly().start();
    }

    private int admin(String sql) {
        try (Connection admin = DriverManager.getConnection(server.jdbcUrl("postgres"));
                Statement statement = admin.createStatement()) {
            if (statement.execute(sql)) {
                try (ResultSet rows = statement.getResultSet()) {
                    return rows.next() ? rows.getInt(1) : 0;
                }
            }
            return statement.getUpdateCount();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run on the test server: " + sql, e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            server.close();
        } finally {
            TestDatabases.deleteQuietly(dataDirectory.getParent());
        }
    }
}
