package dev.tokenkeeper.core.refresh;

import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionEvent;
import dev.tokenkeeper.core.connection.Transition;
import dev.tokenkeeper.core.port.ConnectionQuery;
import dev.tokenkeeper.core.port.ConnectionStore;
import dev.tokenkeeper.core.port.Lease;
import dev.tokenkeeper.core.port.QuarantinedRefresh;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** A store that forwards everything, for tests that override one call to play a race. */
class DelegatingStore implements ConnectionStore {
    private final ConnectionStore delegate;

    DelegatingStore(ConnectionStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public Optional<Connection> find(String connectionId) {
        return delegate.find(connectionId);
    }

    @Override
    public List<Connection> list(ConnectionQuery query) {
        return delegate.list(query);
    }

    @Override
    public boolean create(Transition creation) {
        return delegate.create(creation);
    }

    @Override
    public boolean commit(Transition transition, long expectedGeneration, Lease lease) {
        return delegate.commit(transition, expectedGeneration, lease);
    }

    @Override
    public void record(List<ConnectionEvent> events) {
        delegate.record(events);
    }

    @Override
    public List<ConnectionEvent> events(String connectionId, int limit) {
        return delegate.events(connectionId, limit);
    }

    @Override
    public void quarantine(QuarantinedRefresh refresh) {
        delegate.quarantine(refresh);
    }

    @Override
    public List<QuarantinedRefresh> quarantined(String connectionId) {
        return delegate.quarantined(connectionId);
    }

    @Override
    public Optional<Connection> changeMetadata(String connectionId, UnaryOperator<Map<String, String>> change,
            Instant updatedAt) {
        return delegate.changeMetadata(connectionId, change, updatedAt);
    }

    @Override
    public Optional<Connection> delete(String connectionId) {
        return delegate.delete(connectionId);
    }
}
