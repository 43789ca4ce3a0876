package dev.tokenkeeper.postgres.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.connection.ConnectionLifecycle;
import dev.tokenkeeper.core.port.ClaimBudget;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.token.TokenSet;
import dev.tokenkeeper.postgres.PostgresFixture;
import dev.tokenkeeper.testkit.contract.RefreshScheduleContract;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresRefreshScheduleTest extends RefreshScheduleContract {
    private static PostgresFixture postgres;
    private static PostgresRefreshSchedule schedule;

    @BeforeAll
    static void open() {
        postgres = PostgresFixture.open();
        schedule = new PostgresRefreshSchedule(postgres.database());
    }

    @AfterAll
    static void close() {
        postgres.close();
    }

    /** One database for the class, emptied before each test. */
    @Override
    protected Fixture fixture() {
        postgres.database().withConnection(db -> {
            try (Statement empty = db.createStatement()) {
                return empty.executeUpdate("delete from connections");
            }
        });
        return new Fixture(postgres.store(), postgres.leases(), schedule);
    }

    @Test
    void untilNextDue_waitsForTheLiveLease_whenTheDueConnectionIsClaimed() {
        Fixture f = fixture();
        add(f, Instant.now().minusSeconds(5));
        assertThat(schedule.claimDue("a", Duration.ofSeconds(300), new ClaimBudget(10, 10, Map.of()))).hasSize(1);

        assertThat(schedule.untilNextDue()).hasValueSatisfying(wait ->
                assertThat(wait).isBetween(Duration.ofSeconds(200), Duration.ofSeconds(300)));
        add(f, Instant.now().plusSeconds(600));
        assertThat(schedule.untilNextDue()).hasValueSatisfying(wait ->
                assertThat(wait).isBetween(Duration.ofSeconds(200), Duration.ofSeconds(300)));
        add(f, Instant.now().plusSeconds(60));
        assertThat(schedule.untilNextDue()).hasValueSatisfying(wait ->
                assertThat(wait).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(60)));
    }

    @Test
    void untilNextDue_isTheDueTime_whenALeaseEndsBeforeIt() {
        Fixture f = fixture();
        String id = add(f, Instant.now().plusSeconds(600));
        assertThat(f.leases().tryAcquire(id, "a", Duration.ofSeconds(30))).isPresent();

        assertThat(schedule.untilNextDue()).hasValueSatisfying(wait ->
                assertThat(wait).isBetween(Duration.ofSeconds(500), Duration.ofSeconds(600)));
    }

    @Test
    void untilNextDue_isTheLeaseEnd_whenALeaseOutlastsAFutureDueTime() {
        Fixture f = fixture();
        String id = add(f, Instant.now().plusSeconds(60));
        assertThat(f.leases().tryAcquire(id, "a", Duration.ofSeconds(600))).isPresent();

        assertThat(schedule.untilNextDue()).hasValueSatisfying(wait ->
                assertThat(wait).isBetween(Duration.ofSeconds(500), Duration.ofSeconds(600)));
    }

    @Test
    void untilNextDue_isZero_whenTheLeaseOfADueConnectionRanOut() {
        Fixture f = fixture();
        String id = add(f, Instant.now().minusSeconds(5));
        add(f, Instant.now().plusSeconds(600));
        assertThat(f.leases().tryAcquire(id, "a", Duration.ofSeconds(600))).isPresent();
        postgres.database().withConnection(db -> {
            try (PreparedStatement expire = db.prepareStatement(
                    "update connections set lease_expires_at = now() - interval '1 minute' where id = ?")) {
                expire.setString(1, id);
                return expire.executeUpdate();
            }
        });

        assertThat(schedule.untilNextDue()).contains(Duration.ZERO);
    }

    private static String add(Fixture f, Instant nextRefreshAt) {
        String id = "lease-" + UUID.randomUUID();
        Instant now = Instant.now();
        TokenSet tokens = new TokenSet(Secret.of("at-" + id), Secret.of("rt-" + id), "Bearer", now,
                now.plusSeconds(3600), List.of(), Map.of());
        assertThat(f.store().create(ConnectionLifecycle.created(id, "p", tokens, Map.of(), now, nextRefreshAt)))
                .isTrue();
        return id;
    }
}
