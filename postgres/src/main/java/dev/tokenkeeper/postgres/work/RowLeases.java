package dev.tokenkeeper.postgres.work;

import dev.tokenkeeper.postgres.PostgresDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Fenced leases on the rows of one {@link WorkTable}, timed by the database clock: taking a lease gives the row a new
 * fence from the {@code lease_fences} sequence (greater than any before, and never repeated for a row deleted and
 * inserted again), and an attempt its holder started is reported to every later holder as interrupted until the
 * commit of a result settles it ({@code lease_attempt_started_at = null}, written by the store's fenced commit):
 * neither a lease that runs out, nor a release (a holder that failed between its request and its commit), nor a
 * successor that dies before deciding loses it.
 */
public final class RowLeases {
    /** The assignments that give a row's lease up (its attempt mark stays: see the class comment). */
    public static final String GIVE_UP = "lease_expires_at = null, lease_holder = null";

    private final PostgresDatabase database;
    private final WorkTable table;
    private final String releasedChannel;

    /**
     * @param releasedChannel the LISTEN/NOTIFY channel told the row's id whenever a lease is given up
     */
    public RowLeases(PostgresDatabase database, WorkTable table, String releasedChannel) {
        this.database = database;
        this.table = table;
        this.releasedChannel = releasedChannel;
    }

    public WorkTable table() {
        return table;
    }

    /** Takes the row's lease if it is free or has run out; empty while another holder's lease is live. */
    public Optional<RowLease> tryAcquire(String id, String holder, Duration ttl) {
        String previous = "select " + table.idColumn() + " as id, " + table.groupColumn() + " as grp,"
                + " lease_attempt_started_at as started, lease_expires_at as expires"
                + " from " + table.table() + " where " + table.idColumn() + " = ? for update";
        List<RowLease> taken = database.withConnection(db -> take(db, previous, holder, ttl, statement -> {
            statement.setString(1, id);
            return 2;
        }));
        return taken.stream().findFirst();
    }

    /**
     * Records that the holder is about to start its attempt (e.g. send a request), on the database clock, and returns
     * only once the mark is on disk: one auto-committed statement, synchronous because every session of the pool
     * commits synchronously ({@link PostgresDatabase}).
     *
     * @return false when the lease is no longer held: the holder must not start
     */
    public boolean markAttemptStarted(String id, long fence) {
        return database.withConnection(db -> {
            try (PreparedStatement mark = db.prepareStatement("update " + table.table()
                    + " set lease_attempt_started_at = clock_timestamp() where " + table.idColumn() + " = ?"
                    + " and lease_fence = ? and lease_expires_at > clock_timestamp()")) {
                mark.setString(1, id);
                mark.setLong(2, fence);
                return mark.executeUpdate() == 1;
            }
        });
    }

    /**
     * Gives the lease up and notifies the released channel, in one auto-committed statement; false (and nothing done,
     * nothing written) when it was taken over or already given up, e.g. by a commit that ended it.
     */
    public boolean release(String id, long fence) {
        return database.withConnection(db -> {
            // An attempt mark stays: only a commit of the attempt's result settles it (see the class comment).
            try (PreparedStatement free = db.prepareStatement("with freed as (update " + table.table()
                    + " set " + GIVE_UP + " where " + table.idColumn() + " = ?"
                    + " and lease_fence = ? and lease_holder is not null returning " + table.idColumn() + ")"
                    + " select pg_notify(?, freed." + table.idColumn() + ") from freed")) {
                free.setString(1, id);
                free.setLong(2, fence);
                free.setString(3, releasedChannel);
                try (ResultSet freed = free.executeQuery()) {
                    return freed.next();
                }
            }
        });
    }

    /** How much longer the row's live lease lasts, on the database clock; empty when it is free. */
    public Optional<Duration> heldFor(String id) {
        return database.withConnection(db -> {
            try (PreparedStatement select = db.prepareStatement("select lease_expires_at, clock_timestamp() from "
                    + table.table() + " where " + table.idColumn() + " = ?")) {
                select.setString(1, id);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next() || row.getTimestamp(1) == null) {
                        return Optional.empty();
                    }
                    Instant expires = row.getTimestamp(1).toInstant();
                    Instant now = row.getTimestamp(2).toInstant();
                    return expires.isAfter(now) ? Optional.of(Duration.between(now, expires)) : Optional.empty();
                }
            }
        });
    }

    /** Binds the parameters of the {@code previous} query, from index 1, and returns the next free index. */
    @FunctionalInterface
    interface Binder {
        int bind(PreparedStatement statement) throws SQLException;
    }

    /**
     * Takes the lease of every row that {@code previous} selects and locks (columns id, grp, started, expires) and
     * whose lease is free or ran out, in one statement; each lease says how late after the row's due time it came.
     */
    List<RowLease> take(Connection db, String previous, String holder, Duration ttl, Binder binder)
            throws SQLException {
        String sql = "with prev as (" + previous + ")"
                + " update " + table.table() + " t set lease_fence = nextval('lease_fences'), lease_holder = ?,"
                + " lease_expires_at = clock_timestamp() + ? * interval '1 millisecond'"
                + " from prev where t." + table.idColumn() + " = prev.id"
                + " and (prev.expires is null or prev.expires <= clock_timestamp())"
                + " returning t." + table.idColumn() + ", prev.grp, t.lease_fence, t.lease_expires_at,"
                + " prev.started,"
                + " (extract(epoch from (clock_timestamp() - t." + table.dueColumn() + ")) * 1000000)::bigint";
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            int next = binder.bind(statement);
            statement.setString(next, holder);
            statement.setLong(next + 1, ttl.toMillis());
            List<RowLease> leases = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    long lateMicros = row.getLong(6);
                    Duration lateBy = row.wasNull() ? null : Duration.of(lateMicros, ChronoUnit.MICROS);
                    leases.add(new RowLease(row.getString(1), row.getString(2), row.getLong(3), holder,
                            row.getTimestamp(4).toInstant(), instantOrNull(row.getTimestamp(5)), lateBy));
                }
            }
            return leases;
        }
    }

    private static Instant instantOrNull(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
