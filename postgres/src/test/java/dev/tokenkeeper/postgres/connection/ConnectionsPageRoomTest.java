package dev.tokenkeeper.postgres.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.postgres.TestCiphers;
import dev.tokenkeeper.postgres.TestDatabases;
import dev.tokenkeeper.postgres.lease.PostgresRefreshLease;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Bulk-inserted connections leave room on their pages (V20's fillfactor), so the lease bookkeeping of a refresh — the
 * claim, the attempt mark, the release — writes each row's new version on the page it is on, without touching an index.
 */
class ConnectionsPageRoomTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private static final int ROWS = 2_000;

    @Test
    void leaseBookkeeping_keepsEachRowOnItsPage_afterABulkFill() {
        try (PostgresDatabase database = TestDatabases.fresh();
                PostgresRefreshLease leases = new PostgresRefreshLease(database)) {
            BulkConnectionFill.fill(database, TestCiphers.fresh(), ROWS, 2, i -> new BulkConnectionFill.Row("room-" + i,
                    "p", "at_" + i, "rt_" + i, NOW.minusSeconds(60), NOW.plusSeconds(3600), NOW.plusSeconds(600)));
            // No autovacuum while the loop runs: an ANALYZE's snapshot, taken at a moment that depends on the
            // machine's load, would keep the row versions the loop leaves behind from being pruned; what is
            // measured here is the room the fillfactor leaves on each page.
            database.withConnection(db -> {
                try (var statement = db.createStatement()) {
                    return statement.execute("alter table connections set (autovacuum_enabled = false)");
                }
            });
            Map<String, String> pagesBefore = pages(database);

            int took = 0;
            for (int i = 0; i < ROWS; i++) {
                var lease = leases.tryAcquire("room-" + i, "holder", Duration.ofSeconds(30));
                if (lease.isPresent()) {
                    took++;
                    leases.markAttemptStarted(lease.get());
                    leases.release(lease.get());
                }
            }

            Map<String, String> pagesAfter = pages(database);
            long moved = pagesBefore.entrySet().stream()
                    .filter(row -> !row.getValue().equals(pagesAfter.get(row.getKey()))).count();
            assertThat(took).isEqualTo(ROWS);
            assertThat(moved).as("rows whose new versions went to another page").isLessThan(ROWS / 20);
        }
    }

    /** Each connection's page: the block number of its current row version. */
    private static Map<String, String> pages(PostgresDatabase database) {
        return database.withConnection(db -> {
            try (PreparedStatement select = db.prepareStatement(
                    "select id, (ctid::text::point)[0]::bigint from connections");
                    ResultSet rows = select.executeQuery()) {
                Map<String, String> pages = new HashMap<>();
                while (rows.next()) {
                    pages.put(rows.getString(1), rows.getString(2));
                }
                return pages;
            }
        });
    }
}
