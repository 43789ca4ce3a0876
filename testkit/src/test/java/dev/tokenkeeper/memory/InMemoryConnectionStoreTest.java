package dev.tokenkeeper.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.core.connection.ConnectionEvent;
import dev.tokenkeeper.core.connection.ConnectionLifecycle;
import dev.tokenkeeper.core.connection.Transition;
import dev.tokenkeeper.core.refresh.FailureReason;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.token.TokenSet;
import dev.tokenkeeper.testkit.contract.ConnectionStoreContract;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InMemoryConnectionStoreTest extends ConnectionStoreContract {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    protected Fixture fixture() {
        InMemoryRefreshLease leases = new InMemoryRefreshLease(InstantSource.system());
        return new Fixture(new InMemoryConnectionStore(leases), leases);
    }

    @Test
    void events_keepsTheNewest_whenATimelineOutgrowsWhatIsKept() {
        InMemoryConnectionStore store = new InMemoryConnectionStore(new InMemoryRefreshLease(InstantSource.system()));
        Transition creation = ConnectionLifecycle.created("long-lived", "acme", new TokenSet(Secret.of("at"),
                Secret.of("rt"), "Bearer", T0, T0.plusSeconds(3600), List.of(), Map.of()), Map.of(), T0, null);
        store.create(creation);
        FailureReason why = FailureReason.of("access_denied", "the user declined", Cause.ACCESS_DENIED);
        int recorded = InMemoryConnectionStore.EVENTS_KEPT * 3;
        ConnectionEvent newest = null;
        for (int i = 1; i <= recorded; i++) {
            newest = ConnectionLifecycle.connectFailed(creation.after(), why, T0.plusSeconds(i));
            store.record(List.of(newest));
        }

        List<ConnectionEvent> all = store.events("long-lived", Integer.MAX_VALUE);

        assertThat(all.size()).isBetween(InMemoryConnectionStore.EVENTS_KEPT, 2 * InMemoryConnectionStore.EVENTS_KEPT);
        assertThat(all.getLast()).isEqualTo(newest);
        assertThat(all.getFirst().at()).as("the oldest went").isAfter(T0.plusSeconds(recorded - all.size()));
    }
}
