package dev.tokenkeeper.postgres;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A process that froze inside a transaction (a long GC or VM pause, SIGSTOP) must not hide the rows it locked from
 * the other instances for as long as it stays frozen: PostgreSQL ends its idle session after
 * {@link PostgresDatabase#IDLE_IN_TRANSACTION_TIMEOUT} and its locks go with it.
 */
class FrozenTransactionTest {
    private static final long LOCK = 20261205L;

    @Test
    void locksOfATransactionLeftIdle_areReleased_whenItsSessionIdlesPastTheTimeout() throws Exception {
        try (PostgresDatabase frozen = TestDatabases.fresh();
                PostgresDatabase other = PostgresDatabase.open(frozen.location(), 2);
                Connection holder = frozen.dataSource().getConnection()) {
            holder.setAutoCommit(false);
            try (Statement lock = holder.createStatement()) {
                lock.execute("select pg_advisory_xact_lock(" + LOCK + ")");
            }
            // the holder now sends nothing more, as a frozen process would

            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                    .until(() -> tryLock(other));

            assertThatThrownBy(() -> holder.createStatement().execute("select 1"))
                    .as("the frozen holder's session was ended").isInstanceOf(SQLException.class);
        }
    }

    private static boolean tryLock(PostgresDatabase database) {
        return database.inTransaction(db -> {
            try (Statement statement = db.createStatement();
                    ResultSet row = statement.executeQuery("select pg_try_advisory_xact_lock(" + LOCK + ")")) {
                return row.next() && row.getBoolean(1);
            }
        });
    }
}
