package dev.tokenkeeper.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** A pooled connection to Tokenkeeper's PostgreSQL database, migrated to the current schema on open. */
public final class PostgresDatabase implements AutoCloseable {
    /**
     * How long PostgreSQL lets a session of the pool sit idle inside a transaction before it ends the session and
     * rolls the transaction back. Tokenkeeper's transactions are a few statements with no waiting in between, so a
     * session idle that long belongs to a process that froze (a long GC or VM pause, SIGSTOP) or hung mid-commit:
     * without this bound its row locks would hide those connections from every other instance's claims
     * ({@code skip locked}) for as long as it stays frozen, and their tokens could expire.
     */
    public static final Duration IDLE_IN_TRANSACTION_TIMEOUT = Duration.ofSeconds(5);

    /**
     * What every session of the pool sets when it opens: the idle-in-transaction bound, and commits that wait for the
     * disk ({@code synchronous_commit} on where the server says {@code off}; a stronger setting such as
     * {@code remote_apply} is kept). The marks that a request is about to leave and every rotated token must be on
     * disk before anything acts on them; making the session durable once, instead of {@code set local} in each such
     * transaction, lets a mark be one auto-committed statement.
     */
    static final String SESSION_SETTINGS = "select set_config('idle_in_transaction_session_timeout', '"
            + IDLE_IN_TRANSACTION_TIMEOUT.toMillis() + "ms', false), case when"
            + " current_setting('synchronous_commit') = 'off' then set_config('synchronous_commit', 'on', false) end";

    private final HikariDataSource pool;
    private final DatabaseLocation location;

    private PostgresDatabase(HikariDataSource pool, DatabaseLocation location) {
        this.pool = pool;
        this.location = location;
    }

    /** Opens a pool on a URL that carries its own credentials, if any; see {@link #open(DatabaseLocation, int)}. */
    public static PostgresDatabase open(String jdbcUrl, int maxPoolSize) {
        return open(DatabaseLocation.of(jdbcUrl), maxPoolSize);
    }

    /**
     * Opens a pool on {@code location} and applies pending Flyway migrations (versioned, forward only).
     *
     * @param maxPoolSize the most connections this instance holds
     */
    public static PostgresDatabase open(DatabaseLocation location, int maxPoolSize) {
        // Flyway may hold its lock in a transaction that waits while a long migration runs: not in the bounded pool.
        try (HikariDataSource migrating = new HikariDataSource(config(location, 2, "tokenkeeper-migration"))) {
            migrate(migrating);
        }
        HikariConfig config = config(location, maxPoolSize, "tokenkeeper");
        config.setConnectionInitSql(SESSION_SETTINGS);
        return new PostgresDatabase(new HikariDataSource(config), location);
    }

    private static HikariConfig config(DatabaseLocation location, int maxPoolSize, String poolName) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(location.jdbcUrl());
        config.setUsername(location.user());
        if (location.password() != null) {
            config.setPassword(location.password().reveal());
        }
        config.setMaximumPoolSize(maxPoolSize);
        config.setPoolName(poolName);
        config.setAutoCommit(true);
        return config;
    }

    /** Applies pending migrations to {@code dataSource}. */
    public static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    public DataSource dataSource() {
        return pool;
    }

    /** The JDBC URL this pool connects to (without the password, when it came apart from the URL). */
    public String jdbcUrl() {
        return location.jdbcUrl();
    }

    /** Where this pool connects, with its credentials (used to open the dedicated LISTEN connection). */
    public DatabaseLocation location() {
        return location;
    }

    /** Runs {@code work} in one transaction, committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(SqlWork<T> work) {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new DatabaseException("transaction failed", e);
        }
    }

    /** Runs {@code work} on a pooled connection in auto-commit mode. */
    public <T> T withConnection(SqlWork<T> work) {
        try (Connection connection = pool.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new DatabaseException("statement failed", e);
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    /** A unit of JDBC work. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }
}
