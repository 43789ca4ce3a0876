package dev.tokenkeeper.postgres;

import dev.tokenkeeper.postgres.connection.PostgresConnectionStore;
import dev.tokenkeeper.postgres.lease.PostgresRefreshLease;

/** A fresh database with the connection store and the lease on it, as one instance would hold them. */
public record PostgresFixture(PostgresDatabase database, PostgresConnectionStore store, PostgresRefreshLease leases)
        implements AutoCloseable {

    /** Opens a fresh, migrated database with a store (real Tink cipher) and a lease listening on it. */
    public static PostgresFixture open() {
        PostgresDatabase database = TestDatabases.fresh();
        return new PostgresFixture(database, new PostgresConnectionStore(database, TestCiphers.fresh()),
                new PostgresRefreshLease(database));
    }

    @Override
    public void close() {
        leases.close();
        database.close();
    }
}
