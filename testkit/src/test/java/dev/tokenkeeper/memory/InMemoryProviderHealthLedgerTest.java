package dev.tokenkeeper.memory;

import dev.tokenkeeper.testkit.contract.ProviderHealthLedgerContract;
import java.time.InstantSource;

class InMemoryProviderHealthLedgerTest extends ProviderHealthLedgerContract {

    @Override
    protected Fixture fixture() {
        InMemoryConnectionStore store = new InMemoryConnectionStore(new InMemoryRefreshLease(InstantSource.system()));
        return new Fixture(new InMemoryProviderHealthLedger(store), store);
    }
}
