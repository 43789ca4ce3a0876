package dev.tokenkeeper.postgres.apikey;

import dev.tokenkeeper.core.port.EndedSessions;
import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.postgres.TestDatabases;
import dev.tokenkeeper.testkit.contract.EndedSessionsContract;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresEndedSessionsTest extends EndedSessionsContract {
    private static PostgresDatabase database;

    @BeforeAll
    static void open() {
        database = TestDatabases.fresh();
    }

    @AfterAll
    static void close() {
        database.close();
    }

    /** One database for the class, emptied for each test. */
    @Override
    protected EndedSessions sessions() {
        TestDatabases.emptyTable(database, "ended_console_sessions");
        return new PostgresEndedSessions(database);
    }

    @Override
    protected Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
