package dev.tokenkeeper.postgres.schedule;

import dev.tokenkeeper.postgres.PostgresFixture;
import dev.tokenkeeper.testkit.contract.RefreshScheduleContract;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

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
}
