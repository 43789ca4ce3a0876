package dev.tokenkeeper.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** A pooled connection to Tokenkeeper's PostgreSQL database, migrated to the current schema on open. */
public final class PostgresDatabase implements AutoCloseable {
    private final HikariDataSource pool;
    private final String jdbcUrl;

    private PostgresDatabase(HikariDataSource pool, String jdbcUrl) {
        this.pool = pool;
        this.jdbcUrl = jdbcUrl;
    }

    /**
     * Opens a pool on {@code jdbcUrl} and applies pending Flyway migrations (versioned, forward only).
     *
     * @param maxPoolSize the most connections this instance holds
     */
    public static PostgresDatabase open(String jdbcUrl, int maxPoolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(maxPoolSize);
        config.setPoolName("tokenkeeper");
        config.setAutoCommit(true);
        HikariDataSource pool = new HikariDataSource(config);
        try {
            migrate(pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new PostgresDatabase(pool, jdbcUrl);
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

    /** The JDBC URL this pool connects to (used to open the dedicated LISTEN connection). */
    public String jdbcUrl() {
        return jdbcUrl;
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
