package dev.tokenkeeper.postgres.connection;

import dev.tokenkeeper.core.port.AccountSubjectStore;
import dev.tokenkeeper.core.port.ConnectionStore;
import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.postgres.TestCiphers;
import dev.tokenkeeper.postgres.TestDatabases;
import dev.tokenkeeper.testkit.contract.AccountSubjectStoreContract;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresAccountSubjectStoreTest extends AccountSubjectStoreContract {
    private static PostgresDatabase database;
    private static PostgresConnectionStore connections;

    @BeforeAll
    static void open() {
        database = TestDatabases.fresh();
        connections = new PostgresConnectionStore(database, TestCiphers.fresh());
    }

    @AfterAll
    static void close() {
        database.close();
    }

    /** One database for the class, emptied for each test. */
    @Override
    protected AccountSubjectStore subjects() {
        for (String table : List.of("connection_events", "connections")) {
            TestDatabases.emptyTable(database, table);
        }
        return new PostgresAccountSubjectStore(database);
    }

    @Override
    protected ConnectionStore connections() {
        return connections;
    }

    @Override
    protected Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
