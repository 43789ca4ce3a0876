package dev.tokenkeeper.server.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.postgres.TestDatabases;
import dev.tokenkeeper.postgres.connection.PostgresAttemptRetention;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The worker drains a backlog of old refresh attempts batch by batch and keeps the recent ones and the rest. */
class AttemptRetentionWorkerTest {
    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
    private static PostgresDatabase database;

    @BeforeAll
    static void open() {
        database = TestDatabases.fresh();
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Test
    void drainsOldAttemptsInBatches_andKeepsRecentOnesAndStateChanges() {
        int old = AttemptRetentionWorker.BATCH * 2 + 7;
        insert(old, "refresh.attempted", "interval '10 days'");
        insert(97, "refresh.attempted", "interval '1 hour'"); // a newer attempt for each of the 97 connections
        insert(3, "connection.needs_reauth", "interval '40 days'");
        AttemptRetentionWorker worker = new AttemptRetentionWorker(new PostgresAttemptRetention(database),
                AttemptRetentionWorker.DEFAULT_RETENTION, InstantSource.fixed(NOW));

        assertThat(worker.trim()).as("one batch at a time").isEqualTo(AttemptRetentionWorker.BATCH);
        worker.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> count("type = 'refresh.attempted'") == 97);
        } finally {
            worker.close();
        }

        assertThat(worker.deleted()).isEqualTo(old);
        assertThat(count("type = 'connection.needs_reauth'")).isEqualTo(3);
    }

    /** Inserts {@code rows} events of {@code type} recorded {@code age} before {@link #NOW}, in one statement. */
    private static void insert(int rows, String type, String age) {
        database.withConnection(db -> {
            try (PreparedStatement insert = db.prepareStatement("insert into connection_events (connection_id, at,"
                    + " type, payload) select 'c' || (n % 97), ?::timestamptz - " + age + " + n * interval '1 ms',"
                    + " ?, '{}'::jsonb from generate_series(1, ?) n")) {
                insert.setString(1, NOW.toString());
                insert.setString(2, type);
                insert.setInt(3, rows);
                return insert.executeUpdate();
            }
        });
    }

    private static long count(String condition) {
        return TestDatabases.count(database, "connection_events", condition);
    }
}
