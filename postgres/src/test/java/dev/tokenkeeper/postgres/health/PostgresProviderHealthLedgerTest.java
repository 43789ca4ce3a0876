package dev.tokenkeeper.postgres.health;

import dev.tokenkeeper.postgres.PostgresFixture;
import dev.tokenkeeper.testkit.contract.ProviderHealthLedgerContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresProviderHealthLedgerTest extends ProviderHealthLedgerContract {
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
        return new Fixture(new PostgresProviderHealthLedger(postgres.database()), postgres.store());
    }
}
