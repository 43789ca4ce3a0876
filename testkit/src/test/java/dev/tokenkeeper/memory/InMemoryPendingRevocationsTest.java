package dev.tokenkeeper.memory;

import dev.tokenkeeper.core.port.PendingRevocations;
import dev.tokenkeeper.testkit.clock.SettableClock;
import dev.tokenkeeper.testkit.contract.PendingRevocationsContract;
import java.time.Instant;
import java.time.InstantSource;

class InMemoryPendingRevocationsTest extends PendingRevocationsContract {
    private final SettableClock clock = new SettableClock(InstantSource.fixed(Instant.parse("2026-03-01T10:00:00Z")));

    @Override
    protected PendingRevocations revocations() {
        return new InMemoryPendingRevocations(clock);
    }

    @Override
    protected Instant now() {
        return clock.instant();
    }
}
