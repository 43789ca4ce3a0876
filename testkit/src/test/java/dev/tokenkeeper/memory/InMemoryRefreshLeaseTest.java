package dev.tokenkeeper.memory;

import dev.tokenkeeper.core.port.RefreshLease;
import dev.tokenkeeper.testkit.contract.RefreshLeaseContract;
import java.time.InstantSource;
import java.util.UUID;

class InMemoryRefreshLeaseTest extends RefreshLeaseContract {

    @Override
    protected RefreshLease leases() {
        return new InMemoryRefreshLease(InstantSource.system());
    }

    @Override
    protected String newConnectionId() {
        return "conn-" + UUID.randomUUID();
    }
}
