package dev.tokenkeeper.memory;

import dev.tokenkeeper.core.port.AccountSubjectStore;
import dev.tokenkeeper.core.port.ConnectionStore;
import dev.tokenkeeper.testkit.clock.SettableClock;
import dev.tokenkeeper.testkit.contract.AccountSubjectStoreContract;
import java.time.Instant;
import java.time.InstantSource;

class InMemoryAccountSubjectStoreTest extends AccountSubjectStoreContract {
    private final SettableClock clock = new SettableClock(InstantSource.fixed(Instant.parse("2026-03-01T10:00:00Z")));
    private final InMemoryConnectionStore connections = new InMemoryConnectionStore(new InMemoryRefreshLease(clock));

    @Override
    protected AccountSubjectStore subjects() {
        return new InMemoryAccountSubjectStore(connections);
    }

    @Override
    protected ConnectionStore connections() {
        return connections;
    }

    @Override
    protected Instant now() {
        return clock.instant();
    }
}
