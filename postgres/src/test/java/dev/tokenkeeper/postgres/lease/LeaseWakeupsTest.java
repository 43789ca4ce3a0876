package dev.tokenkeeper.postgres.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenkeeper.postgres.DatabaseLocation;
import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.postgres.TestDatabases;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LeaseWakeupsTest {

    @Test
    void heard_countsReleases_whenTheUserAndPasswordComeApartFromTheUrl() {
        String url = TestDatabases.freshUrl();
        String name = url.substring(url.lastIndexOf('/') + 1, url.indexOf('?'));
        DatabaseLocation apart = TestDatabases.server().location(name);
        assertThat(apart.jdbcUrl()).doesNotContain("password");

        try (PostgresDatabase database = PostgresDatabase.open(apart, 2);
                LeaseWakeups wakeups = LeaseWakeups.listen(apart, PostgresRefreshLease.CHANNEL)) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                database.withConnection(db -> {
                    try (Statement notify = db.createStatement()) {
                        return notify.execute("notify " + PostgresRefreshLease.CHANNEL);
                    }
                });
                assertThat(wakeups.heard()).isPositive();
            });
        }
    }
}
