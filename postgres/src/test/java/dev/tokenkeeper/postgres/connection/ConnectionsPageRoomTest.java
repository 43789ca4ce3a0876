package dev.tokenkeeper.postgres.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.postgres.TestCiphers;
import dev.tokenkeeper.postgres.TestDatabases;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * Bulk-inserted connections leave room on their pages (V20's fillfactor), so that the lease bookkeeping of a refresh —
 * the claim, the attempt mark, the release — can write each row's new version on the page it is on, without touching
 * an index. Checked on the pages themselves, which do not depend on timing; how many updates then stay on their page
 * depends on when PostgreSQL can prune the old versions, which a busy machine delays, so that share is measured by the
 * fleet bench (HOT updates, BENCHMARKS.md), not here.
 */
class ConnectionsPageRoomTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private static final int ROWS = 2_000;

    @Test
    void bulkFill_leavesAQuarterOfEachPageFree_whereAFullPageWouldHoldMoreRows() {
        try (PostgresDatabase database = TestDatabases.fresh()) {
            BulkConnectionFill.fill(database, TestCiphers.fresh(), ROWS, 2, i -> new BulkConnectionFill.Row("room-" + i,
                    "p", "at_" + i, "rt_" + i, NOW.minusSeconds(60), NOW.plusSeconds(3600), NOW.plusSeconds(600)));
            long filled = mostRowsOnOnePage(database, "connections");
            database.withConnection(db -> {
                try (var statement = db.createStatement()) {
                    statement.execute("create table full_pages (like connections) with (fillfactor = 100)");
                    return statement.execute("insert into full_pages select * from connections order by id");
                }
            });
            long full = mostRowsOnOnePage(database, "full_pages");

            assertThat(reloptions(database)).as("V20's setting").contains("fillfactor=75");
            assertThat(filled).as("rows on the fullest page, against %d on a page filled up", full)
                    .isLessThanOrEqualTo(full * 4 / 5);
        }
    }

    /** The most rows any one page of {@code table} holds (the table is named by the test, never by input). */
    private static long mostRowsOnOnePage(PostgresDatabase database, String table) {
        return database.withConnection(db -> {
            try (var statement = db.createStatement();
                    ResultSet rows = statement.executeQuery("select max(n) from (select count(*) as n from " + table
                            + " group by (ctid::text::point)[0]) as pages")) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }

    private static String reloptions(PostgresDatabase database) {
        return database.withConnection(db -> {
            try (var statement = db.createStatement();
                    ResultSet rows = statement.executeQuery(
                            "select coalesce(array_to_string(reloptions, ','), '') from pg_class"
                                    + " where relname = 'connections' and relkind = 'r'")) {
                rows.next();
                return rows.getString(1);
            }
        });
    }
}
