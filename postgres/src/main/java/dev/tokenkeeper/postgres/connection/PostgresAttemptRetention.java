package dev.tokenkeeper.postgres.connection;

import dev.tokenkeeper.postgres.PostgresDatabase;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Objects;

/**
 * Deletes refresh-attempt records ({@code refresh.attempted} rows of {@code connection_events}) older than a cutoff,
 * oldest first, a bounded batch at a time. Attempts are the one event written on every refresh, so without this the
 * timeline grows by a row per refresh for ever; state changes and the other events are rare and kept, and so is each
 * connection's newest attempt, however old (a connection that stopped refreshing, say after {@code invalid_grant},
 * keeps the answer its diagnosis quotes). Rows another instance is deleting are skipped, so instances trimming at once
 * do not wait on each other.
 */
public final class PostgresAttemptRetention {
    /** The most rows one {@link #trim} deletes. */
    public static final int MAX_BATCH = 50_000;

    private final PostgresDatabase database;

    public PostgresAttemptRetention(PostgresDatabase database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /**
     * Deletes at most {@code batch} refresh attempts recorded before {@code cutoff}, oldest first (through the
     * partial index {@code connection_events_refresh_attempts_by_time} of V17), each connection's newest attempt
     * excepted; answers how many.
     */
    public int trim(Instant cutoff, int batch) {
        Objects.requireNonNull(cutoff, "cutoff");
        if (batch < 1 || batch > MAX_BATCH) {
            throw new IllegalArgumentException("batch must be from 1 to " + MAX_BATCH + ", not " + batch);
        }
        return database.withConnection(db -> {
            try (PreparedStatement delete = db.prepareStatement("delete from connection_events where seq in ("
                    + " select e.seq from connection_events e where e.type = 'refresh.attempted' and e.at < ?"
                    + " and exists (select 1 from connection_events newer where newer.connection_id = e.connection_id"
                    + " and newer.type = 'refresh.attempted' and newer.seq > e.seq)"
                    + " order by e.at limit ? for update of e skip locked)")) {
                delete.setTimestamp(1, Timestamp.from(cutoff));
                delete.setInt(2, batch);
                return delete.executeUpdate();
            }
        });
    }
}
