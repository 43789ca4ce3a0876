package dev.tokenkeeper.postgres.connection;

import dev.tokenkeeper.postgres.PostgresFixture;
import dev.tokenkeeper.testkit.contract.ConnectionStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresConnectionStoreTest extends ConnectionStoreContract {
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
    protected Fixture fixture() {
        return new Fixture(postgres.store(), postgres.leases());
    }
}
