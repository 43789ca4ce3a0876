package dev.tokenkeeper.postgres.lease;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.postgres.TestDatabases;
import dev.tokenkeeper.postgres.work.RowLease;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

class LeaseFenceMigrationTest {

    @Test
    void tryAcquire_grantsAFenceAboveEveryFenceGrantedBeforeFencesCameFromTheSequence() throws Exception {
        String url = TestDatabases.freshUrl();
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").target("3").load()
                .migrate();
        try (Connection db = DriverManager.getConnection(url); Statement insert = db.createStatement()) {
            insert.execute("insert into connections (id, provider_key, state, access_token, raw, token_type,"
                    + " issued_at, generation, created_at, updated_at, lease_fence) values ('old', 'acme', 'active',"
                    + " '\\x00', '\\x00', 'bearer', now(), 1, now(), now(), 41)");
        }

        try (PostgresDatabase database = PostgresDatabase.open(url, 2)) {
            RowLease lease = PostgresRefreshLease.rowLeases(database).tryAcquire("old", "a", Duration.ofSeconds(30))
                    .orElseThrow();

            assertThat(lease.fence()).isGreaterThan(41);
        }
    }
}
