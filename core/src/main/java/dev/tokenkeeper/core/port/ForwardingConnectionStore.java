package dev.tokenkeeper.core.port;

import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionEvent;
import dev.tokenkeeper.core.connection.ServingCopy;
import dev.tokenkeeper.core.connection.Transition;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A {@link ConnectionStore} that forwards every call to another: decorators (metrics and logs, provider health, a
 * test's played race) override only the calls they watch.
 */
public class ForwardingConnectionStore implements ConnectionStore {
    private final ConnectionStore delegate;

    public ForwardingConnectionStore(ConnectionStore delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public Optional<Connection> find(String connectionId) {
        return delegate.find(connectionId);
    }

    @Override
    public Optional<ServingCopy> findToServe(String connectionId) {
        return delegate.findToServe(connectionId);
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
