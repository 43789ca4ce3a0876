package dev.tokenkeeper.postgres.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.postgres.TestDatabases;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Refresh attempts older than the cutoff go, oldest first and a batch at a time; every other event stays. */
class PostgresAttemptRetentionTest {
    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
    private static PostgresDatabase database;
    private PostgresAttemptRetention retention;

    @BeforeAll
    static void open() {
        database = TestDatabases.fresh();
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @BeforeEach
    void empty() {
        TestDatabases.emptyTable(database, "connection_events");
        retention = new PostgresAttemptRetention(database);
    }

    @Test
    void trim_deletesOnlyAttemptsOlderThanTheCutoff_oldestFirst_andAtMostTheBatch() {
        for (int day = 5; day >= 1; day--) { // in time order, as the timeline is written
            event("c1", "refresh.attempted", NOW.minus(Duration.ofDays(day)));
        }
        event("c1", "connection.needs_reauth", NOW.minus(Duration.ofDays(9)));
        event("c2", "connection.created", NOW.minus(Duration.ofDays(30)));
        event("c2", "refresh.attempted", NOW.minus(Duration.ofHours(1)));
        event("c3", "refresh.attempted", NOW.minus(Duration.ofDays(20)));
        Instant cutoff = NOW.minus(Duration.ofDays(2)).plusSeconds(1);

        int first = retention.trim(cutoff, 2);

        assertThat(first).isEqualTo(2);
        assertThat(attemptDays()).as("the two oldest went first, c3's only attempt stays")
                .containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 20L);
        assertThat(retention.trim(cutoff, 2)).isEqualTo(2);
        assertThat(retention.trim(cutoff, 2)).as("caught up").isZero();
        assertThat(attemptDays()).as("each connection's newest attempt is kept, however old")
                .containsExactlyInAnyOrder(0L, 1L, 20L);
        assertThat(count("type <> 'refresh.attempted'")).as("state changes are never trimmed").isEqualTo(2);
    }

    @Test
    void trim_byInstancesAtOnce_deletesEachAttemptOnce() throws Exception {
        for (int i = 0; i < 3_000; i++) {
            event("c" + (i % 50), "refresh.attempted", NOW.minus(Duration.ofDays(10)).plusSeconds(i));
        }
        List<Callable<Integer>> trims = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            trims.add(() -> {
                int sum = 0;
                for (int n; (n = retention.trim(NOW, 100)) > 0; ) {
                    sum += n;
                }
                return sum;
            });
        }
        int total = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (Future<Integer> done : pool.invokeAll(trims)) {
                total += done.get();
            }
        }

        assertThat(total).as("all but each connection's newest").isEqualTo(3_000 - 50);
        assertThat(count("true")).isEqualTo(50);
    }

    @Test
    void trim_refusesABatchOutOfRange_andDeletesNothing() {
        event("c1", "refresh.attempted", NOW.minus(Duration.ofDays(10)));

        assertThatThrownBy(() -> retention.trim(NOW, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> retention.trim(NOW, PostgresAttemptRetention.MAX_BATCH + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(count("true")).isEqualTo(1);
    }

    private static void event(String connectionId, String type, Instant at) {
        database.withConnection(db -> {
            try (PreparedStatement insert = db.prepareStatement("insert into connection_events (connection_id, at,"
                    + " type, payload) values (?, ?, ?, '{}'::jsonb)")) {
                insert.setString(1, connectionId);
                insert.setTimestamp(2, Timestamp.from(at));
                insert.setString(3, type);
                return insert.executeUpdate();
            }
        });
    }

    /** How many whole days before {@link #NOW} each remaining attempt was recorded. */
    private static List<Long> attemptDays() {
        return database.withConnection(db -> {
            try (PreparedStatement select = db.prepareStatement("select at from connection_events"
                    + " where type = 'refresh.attempted'"); ResultSet rows = select.executeQuery()) {
                List<Long> days = new ArrayList<>();
                while (rows.next()) {
                    days.add(Duration.between(rows.getTimestamp(1).toInstant(), NOW).toDays());
                }
                return days;
            }
        });
    }

    private static long count(String condition) {
        return TestDatabases.count(database, "connection_events", condition);
    }
}
