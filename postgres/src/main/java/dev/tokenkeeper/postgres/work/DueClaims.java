package dev.tokenkeeper.postgres.work;

import dev.tokenkeeper.core.port.ClaimBudget;
import dev.tokenkeeper.postgres.PostgresDatabase;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Claims the due rows of a {@link WorkTable}, oldest first: each claimed row's lease is taken in the same statement
 * that selects it with {@code FOR UPDATE SKIP LOCKED}, so instances claiming at once never wait for each other and
 * never get the same row, and a row whose lease ran out with an attempt started reports it to its new holder.
 *
 * <p>Per-group budgets are kept within one claim: groups already at their bound are left out of the scan, and no
 * group gets more rows than it has room for. The scan looks at a bounded window of the oldest due rows.
 */
public final class DueClaims {
    private static final int SCAN_FACTOR = 4;

    private final PostgresDatabase database;
    private final RowLeases leases;
    private final String previous;
    private final String nextDue;
    private final String nextDueLeased;

    public DueClaims(PostgresDatabase database, RowLeases leases) {
        this.database = database;
        this.leases = leases;
        WorkTable t = leases.table();
        String due = "t." + t.dueColumn();
        // The due bound is the statement's start, not clock_timestamp(): a volatile function cannot bound an index
        // scan, and a caught-up poll would walk every scheduled row (3.5 s at a million rows, `bench claims`). A row
        // falling due while the statement runs waits for the next poll.
        String claimable = "(" + t.claimableIf() + ") and " + due + " <= statement_timestamp()"
                + " and (t.lease_expires_at is null or t.lease_expires_at <= clock_timestamp())";
        this.previous = "select t." + t.idColumn() + " as id, t." + t.groupColumn() + " as grp,"
                + " t.lease_attempt_started_at as started, t.lease_expires_at as expires"
                + " from " + t.table() + " t join ("
                + "   select work_id, work_grp,"
                + "          row_number() over (partition by work_grp order by work_due, work_id) as work_rank"
                + "   from (select t." + t.idColumn() + " as work_id, t." + t.groupColumn() + " as work_grp,"
                + "                " + due + " as work_due"
                + "         from " + t.table() + " t where " + claimable
                + "           and not (t." + t.groupColumn() + " = any(?))"
                + "         order by " + due + " limit ?) oldest"
                + " ) c on c.work_id = t." + t.idColumn()
                + " where c.work_rank <= greatest(0, ? - coalesce((select b.n from unnest(?::text[], ?::int[])"
                + "       as b(grp, n) where b.grp = c.work_grp), 0))"
                + "   and " + claimable
                + " order by " + due + " limit ?"
                + " for update of t skip locked";
        // A row under a lease is claimable again only when the lease runs out, whatever its due time says: the answer
        // is the earliest greatest(due, lease end). One scan of every scheduled row computed it (224 ms at a million
        // connections, `bench claims`); now two reads of one snapshot, both on the due index: the earliest due time
        // of the rows under no live lease (the index in order, skipping the few rows under live leases), then, of
        // the rows under a live lease, only those due before it (a later one cannot come sooner). No index on the
        // lease column: it would make every claim and release a non-HOT update (fleet bench, 100,000 connections:
        // 18% HOT updates with such an index, 54% without). A lease that ended before the first read began counts as
        // none: its end is in the past, so the row's due time decides, or the row is claimable now.
        String scheduled = "(" + t.claimableIf() + ") and " + due + " is not null";
        this.nextDue = "select min(" + due + "), statement_timestamp() from " + t.table() + " t where " + scheduled
                + " and (t.lease_expires_at is null or t.lease_expires_at <= statement_timestamp())";
        this.nextDueLeased = "select extract(epoch from (least(?::timestamptz, min(greatest(" + due
                + ", t.lease_expires_at))) - clock_timestamp())) from " + t.table() + " t where " + scheduled
                + " and t.lease_expires_at > ?::timestamptz and " + due + " < coalesce(?::timestamptz, 'infinity')";
    }

    /** Claims up to {@code budget.total()} due rows under leases lasting {@code ttl}. */
    public List<RowLease> claim(String holder, Duration ttl, ClaimBudget budget) {
        if (budget.total() == 0) {
            return List.of();
        }
        String[] full = budget.busy().keySet().stream().filter(group -> budget.freeIn(group) == 0)
                .toArray(String[]::new);
        Map<String, Integer> busy = budget.busy();
        String[] busyGroups = busy.keySet().toArray(String[]::new);
        Integer[] busyCounts = new Integer[busyGroups.length];
        for (int i = 0; i < busyGroups.length; i++) {
            busyCounts[i] = busy.get(busyGroups[i]);
        }
        return database.inTransaction(db -> {
            Array fullGroups = db.createArrayOf("text", full);
            Array groups = db.createArrayOf("text", busyGroups);
            Array counts = db.createArrayOf("int4", busyCounts);
            return leases.take(db, previous, holder, ttl, statement -> {
                statement.setArray(1, fullGroups);
                statement.setInt(2, budget.total() * SCAN_FACTOR);
                statement.setInt(3, budget.perGroup());
                statement.setArray(4, groups);
                statement.setArray(5, counts);
                statement.setInt(6, budget.total());
                return 7;
            });
        });
    }

    /**
     * How long until the earliest row becomes claimable — due, and its lease (if any) run out; zero if one is now —
     * so a worker whose due rows are all being worked on elsewhere sleeps until a lease may lapse instead of polling.
     * Empty when none is scheduled.
     */
    public Optional<Duration> untilNextDue() {
        return database.inTransaction(db -> {
            try (Statement snapshot = db.createStatement()) {
                snapshot.execute("set transaction isolation level repeatable read, read only");
            }
            OffsetDateTime earliestFree;
            OffsetDateTime start;
            try (PreparedStatement select = db.prepareStatement(nextDue); ResultSet row = select.executeQuery()) {
                row.next();
                earliestFree = row.getObject(1, OffsetDateTime.class);
                start = row.getObject(2, OffsetDateTime.class);
            }
            try (PreparedStatement select = db.prepareStatement(nextDueLeased)) {
                select.setObject(1, earliestFree);
                select.setObject(2, start);
                select.setObject(3, earliestFree);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    double seconds = row.getDouble(1);
                    if (row.wasNull()) {
                        return Optional.empty();
                    }
                    return Optional.of(seconds <= 0 ? Duration.ZERO : Duration.ofNanos((long) (seconds * 1e9)));
                }
            }
        });
    }
}
