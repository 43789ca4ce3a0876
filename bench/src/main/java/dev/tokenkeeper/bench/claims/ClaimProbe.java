package dev.tokenkeeper.bench.claims;

import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.postgres.schedule.PostgresRefreshSchedule;
import dev.tokenkeeper.postgres.work.DueClaims;
import java.lang.reflect.Field;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what the database says about the claim path: the plans (EXPLAIN ANALYZE, BUFFERS) of the exact SQL text the
 * production {@link DueClaims} built (read from its fields, never copied), and the table's and indexes' sizes.
 */
final class ClaimProbe {
    private final PostgresDatabase database;
    private final String claimScan;
    private final String nextDue;

    ClaimProbe(PostgresDatabase database, PostgresRefreshSchedule schedule) {
        this.database = database;
        DueClaims claims = (DueClaims) field(schedule, "claims");
        this.claimScan = (String) field(claims, "previous");
        this.nextDue = (String) field(claims, "nextDue");
    }

    /**
     * The plan of the claim's selecting scan (the locking SELECT the claim's UPDATE of at most {@code batch} rows by
     * primary key wraps), bound as a claim with nothing busy binds it; run in a transaction rolled back.
     */
    List<String> claimPlan(int batch, int perGroup, int scanFactor) {
        return database.inTransaction(db -> {
            try (PreparedStatement explain = db.prepareStatement("explain (analyze, buffers) " + claimScan)) {
                explain.setArray(1, db.createArrayOf("text", new String[0]));
                explain.setInt(2, batch * scanFactor);
                explain.setInt(3, perGroup);
                explain.setArray(4, db.createArrayOf("text", new String[0]));
                explain.setArray(5, db.createArrayOf("int4", new Integer[0]));
                explain.setInt(6, batch);
                List<String> plan = lines(explain);
                db.rollback();
                return plan;
            }
        });
    }

    /** The plan of {@code untilNextDue}'s query. */
    List<String> nextDuePlan() {
        return database.withConnection(db -> {
            try (PreparedStatement explain = db.prepareStatement("explain (analyze, buffers) " + nextDue)) {
                return lines(explain);
            }
        });
    }

    /** Bytes of the whole table (heap, TOAST, indexes) under the key "total", then each index's by name. */
    Map<String, Long> sizes() {
        return database.withConnection(db -> {
            Map<String, Long> sizes = new LinkedHashMap<>();
            try (PreparedStatement total = db.prepareStatement(
                    "select pg_total_relation_size('connections'), pg_relation_size('connections')");
                    ResultSet row = total.executeQuery()) {
                row.next();
                sizes.put("total", row.getLong(1));
                sizes.put("heap", row.getLong(2));
            }
            try (PreparedStatement indexes = db.prepareStatement("select indexrelname, pg_relation_size(indexrelid)"
                    + " from pg_stat_user_indexes where relname = 'connections' order by indexrelname");
                    ResultSet row = indexes.executeQuery()) {
                while (row.next()) {
                    sizes.put(row.getString(1), row.getLong(2));
                }
            }
            return sizes;
        });
    }

    private static List<String> lines(PreparedStatement explain) throws SQLException {
        List<String> plan = new ArrayList<>();
        try (ResultSet row = explain.executeQuery()) {
            while (row.next()) {
                plan.add(row.getString(1));
            }
        }
        return plan;
    }

    private static Object field(Object owner, String name) {
        try {
            Field field = owner.getClass().getDeclaredField(name);
            field.setAccessible(true);
            return field.get(owner);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + owner.getClass().getSimpleName() + "." + name, e);
        }
    }
}
