package dev.tokenkeeper.memory;

import dev.tokenkeeper.testkit.contract.RefreshScheduleContract;
import java.time.InstantSource;

class InMemoryRefreshScheduleTest extends RefreshScheduleContract {

    @Override
    protected Fixture fixture() {
        InMemoryRefreshLease leases = new InMemoryRefreshLease(InstantSource.system());
        InMemoryConnectionStore store = new InMemoryConnectionStore(leases);
        return new Fixture(store, leases, new InMemoryRefreshSchedule(store, leases, InstantSource.system()));
    }
}
