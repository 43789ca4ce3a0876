package dev.tokenkeeper.postgres;

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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One embedded PostgreSQL server per test JVM (not durable, for speed: no test here survives a crash of it), and a
 * fresh, migrated database for each caller.
 */
public final class TestDatabases {
    private static final ReentrantLock LOCK = new ReentrantLock();
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static EmbeddedPostgresServer server;

    private TestDatabases() {}

    /** The shared server, started on first use and stopped when the JVM exits. */
    public static EmbeddedPostgresServer server() {
        LOCK.lock();
        try {
            if (server == null) {
                Path data = Files.createTempDirectory("tokenkeeper-test-pg");
                server = EmbeddedPostgresServer.builder(data).nonDurableForTestsOnly().start();
                EmbeddedPostgresServer started = server;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    started.close();
                    deleteQuietly(data);
                }));
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            LOCK.unlock();
        }
    }

    /** Deletes a directory tree, leaving behind what cannot be deleted (a temporary directory is harmless). */
    public static void deleteQuietly(Path directory) {
        try (var paths = Files.walk(directory)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary directory is harmless
        }
    }

    /** A new empty database on the shared server, migrated and pooled. */
    public static PostgresDatabase fresh() {
        return PostgresDatabase.open(freshUrl(), 40);
    }

    /** Deletes every row of {@code table}, for tests that share one database across a class. */
    public static void emptyTable(PostgresDatabase database, String table) {
        database.withConnection(db -> {
            try (Statement delete = db.createStatement()) {
                return delete.executeUpdate("delete from " + table);
            }
        });
    }

    /** How many rows of {@code table} meet {@code condition} (SQL written by the test, never by its input). */
    public static long count(PostgresDatabase database, String table, String condition) {
        return database.withConnection(db -> {
            try (Statement select = db.createStatement();
                    ResultSet rows = select.executeQuery("select count(*) from " + table + " where "
                            + condition)) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }

    /** The JDBC URL of a new empty, unmigrated database on the shared server. */
    public static String freshUrl() {
        String name = "test_" + ProcessHandle.current().pid() + "_" + NEXT.incrementAndGet();
        try (Connection admin = DriverManager.getConnection(server().jdbcUrl("postgres"));
                Statement statement = admin.createStatement()) {
            statement.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return server().jdbcUrl(name);
    }
}
