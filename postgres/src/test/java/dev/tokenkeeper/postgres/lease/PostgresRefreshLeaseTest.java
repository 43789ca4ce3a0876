package dev.tokenkeeper.postgres.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionLifecycle;
import dev.tokenkeeper.core.connection.Transition;
import dev.tokenkeeper.core.port.Lease;
import dev.tokenkeeper.core.port.RefreshLease;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.token.TokenSet;
import dev.tokenkeeper.postgres.PostgresFixture;
import dev.tokenkeeper.testkit.contract.RefreshLeaseContract;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresRefreshLeaseTest extends RefreshLeaseContract {
    private static PostgresFixture postgres;

    @BeforeAll
    static void open() {
        postgres = PostgresFixture.open();
    }

    @AfterAll
    static void close() {
        postgres.close();
    }

    @Override
    protected RefreshLease leases() {
        return postgres.leases();
    }

    /** The lease lives on the connection row, so the row is created first. */
    @Override
    protected String newConnectionId() {
        String id = "conn-" + UUID.randomUUID();
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        postgres.store().create(ConnectionLifecycle.created(id, "acme", new TokenSet(Secret.of("at"), Secret.of("rt"), null,
                now, now.plusSeconds(3600), List.of(), Map.of()), Map.of(), now, null));
        return id;
    }

    @Test
    void commit_givesTheLeaseUpAndWakesWaiters_whenMadeUnderTheLease() {
        String id = newConnectionId();
        Lease lease = leases().tryAcquire(id, "holder-a", Duration.ofSeconds(30)).orElseThrow();
        try (LeaseWakeups wakeups = LeaseWakeups.listen(postgres.database().location(), PostgresRefreshLease.CHANNEL)) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                postgres.database().withConnection(db -> {
                    try (Statement notify = db.createStatement()) {
                        return notify.execute("notify " + PostgresRefreshLease.CHANNEL);
                    }
                });
                assertThat(wakeups.heard()).isPositive();
            });
            long heardBefore = wakeups.heard();

            assertThat(postgres.store().commit(newGrant(id), generation(id), lease)).isTrue();

            await().atMost(Duration.ofSeconds(10)).until(() -> wakeups.heard() > heardBefore);
        }
        assertThat(leases().tryAcquire(id, "holder-b", Duration.ofSeconds(30))).isPresent();
    }

    @Test
    void release_writesNothing_whenACommitUnderTheLeaseGaveItUp() {
        String id = newConnectionId();
        Lease lease = leases().tryAcquire(id, "holder-a", Duration.ofSeconds(30)).orElseThrow();
        assertThat(postgres.store().commit(newGrant(id), generation(id), lease)).isTrue();
        String versionAfterCommit = rowVersion(id);

        leases().release(lease);

        assertThat(rowVersion(id)).as("the row's xmin: no new row version").isEqualTo(versionAfterCommit);
    }

    @Test
    void sessions_commitSynchronously_whenTheServerAcknowledgesCommitsBeforeTheyAreOnDisk() {
        // the tests' shared server runs with synchronous_commit off
        String setting = postgres.database().withConnection(db -> {
            try (Statement show = db.createStatement(); ResultSet row = show.executeQuery(
                    "select current_setting('synchronous_commit'), reset_val from pg_settings"
                            + " where name = 'synchronous_commit'")) {
                row.next();
                return row.getString(1) + " (server: " + row.getString(2) + ")";
            }
        });

        assertThat(setting).isEqualTo("on (server: off)");
    }

    private static Transition newGrant(String id) {
        Connection current = postgres.store().find(id).orElseThrow();
        Instant now = Instant.parse("2026-01-01T00:10:00Z");
        return ConnectionLifecycle.reconnected(current, new TokenSet(Secret.of("at2"), Secret.of("rt2"), null, now,
                now.plusSeconds(3600), List.of(), Map.of()), now, now.plusSeconds(3000));
    }

    private static long generation(String id) {
        return postgres.store().find(id).orElseThrow().generation();
    }

    private static String rowVersion(String id) {
        return postgres.database().withConnection(db -> {
            try (PreparedStatement select = db.prepareStatement(
                    "select xmin::text || '/' || coalesce(lease_holder, '-') from connections where id = ?")) {
                select.setString(1, id);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    return row.getString(1);
                }
            }
        });
    }
}
