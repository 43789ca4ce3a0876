package dev.tokenkeeper.testkit.memory;

import dev.tokenkeeper.testkit.contract.ConnectionStoreContract;
import java.time.InstantSource;

class InMemoryConnectionStoreTest extends ConnectionStoreContract {

    @Override
    protected Fixture fixture() {
        InMemoryRefreshLease leases = new InMemoryRefreshLease(InstantSource.system());
        return new Fixture(new InMemoryConnectionStore(leases), leases);
    }
}
