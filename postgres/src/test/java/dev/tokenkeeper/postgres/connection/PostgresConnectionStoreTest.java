package dev.tokenkeeper.postgres.connection;

import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.postgres.TestCiphers;
import dev.tokenkeeper.postgres.TestDatabases;
import dev.tokenkeeper.postgres.lease.PostgresRefreshLease;
import dev.tokenkeeper.testkit.contract.ConnectionStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresConnectionStoreTest extends ConnectionStoreContract {
    private static PostgresDatabase database;
    private static PostgresConnectionStore store;
    private static PostgresRefreshLease leases;

    @BeforeAll
    static void open() {
        database = TestDatabases.fresh();
        store = new PostgresConnectionStore(database, TestCiphers.fresh());
        leases = new PostgresRefreshLease(database);
    }

    @AfterAll
    static void close() {
        leases.close();
        database.close();
    }

    @Override
    protected Fixture fixture() {
        return new Fixture(store, leases);
    }
}
