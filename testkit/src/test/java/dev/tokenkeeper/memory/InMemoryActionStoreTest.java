package dev.tokenkeeper.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.action.ActionState;
import dev.tokenkeeper.core.action.ActionStore;
import dev.tokenkeeper.core.port.ConnectionStore;
import dev.tokenkeeper.testkit.clock.SettableClock;
import dev.tokenkeeper.testkit.contract.ActionStoreContract;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

class InMemoryActionStoreTest extends ActionStoreContract {
    private final SettableClock clock = new SettableClock(InstantSource.fixed(Instant.parse("2026-03-01T10:00:00Z")));
    private final InMemoryConnectionStore connections = new InMemoryConnectionStore(new InMemoryRefreshLease(clock));
    private final InMemoryActionStore store = new InMemoryActionStore(clock, connections);

    @Override
    protected ActionStore store() {
        return store;
    }

    @Override
    protected ConnectionStore connections() {
        return connections;
    }

    @Override
    protected Instant now() {
        return clock.instant();
    }

    @Override
    protected void leasesRunOut() {
        clock.advance(Duration.ofMinutes(2));
    }

    @Test
    void reactivatingTheConnection_releasesNothingByItself_untilReleaseHeldIsCalled() {
        connection("c1");
        makeStale("c1");
        created(store.create(action("act_1", "c1", null)));

        reactivate("c1");

        assertThat(store.find("act_1").orElseThrow().state()).isEqualTo(ActionState.HELD);
        assertThat(store.releaseHeld("c1", now())).isEqualTo(1);
        assertThat(store.find("act_1").orElseThrow().state()).isEqualTo(ActionState.QUEUED);
    }
}
