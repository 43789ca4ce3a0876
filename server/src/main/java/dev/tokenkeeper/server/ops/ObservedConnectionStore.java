package dev.tokenkeeper.server.ops;

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
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ConnectionStore} that, after each successful write, logs one structured line per refresh attempt and per
 * state change ({@link LogLine}: key=value in the message, and the same fields in a JSON line) and counts them in the
 * metrics. Only what was really written is reported; no line holds a secret
 * (the events themselves are redacted).
 */
public final class ObservedConnectionStore implements ConnectionStore {
    private static final Logger REFRESH_LOG = LoggerFactory.getLogger("tokenkeeper.refresh");
    private static final Logger STATE_LOG = LoggerFactory.getLogger("tokenkeeper.state");

    private final ConnectionStore delegate;
    private final ServiceMetrics metrics;

    public ObservedConnectionStore(ConnectionStore delegate, ServiceMetrics metrics) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public Optional<Connection> find(String connectionId) {
        return delegate.find(connectionId);
    }

    @Override
    public boolean create(Transition creation) {
        boolean created = delegate.create(creation);
        if (created) {
            report(creation);
        }
        return created;
    }

    @Override
    public boolean commit(Transition transition, long expectedGeneration, Lease lease) {
        boolean committed = delegate.commit(transition, expectedGeneration, lease);
        if (committed) {
            report(transition);
        }
        return committed;
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
        LogLine.with("connection", refresh.connectionId()).and("event", "quarantined").and("reason", "lease_lost")
                .warn(REFRESH_LOG);
    }

    @Override
    public List<QuarantinedRefresh> quarantined(String connectionId) {
        return delegate.quarantined(connectionId);
    }

    @Override
    public List<Connection> list(ConnectionQuery query) {
        return delegate.list(query);
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

    private void report(Transition transition) {
        String provider = transition.after().providerKey();
        for (ConnectionEvent event : transition.events()) {
            switch (event) {
                case ConnectionEvent.RefreshAttempted attempt -> {
                    String outcome = attempt.outcome() == null ? "refreshed" : attempt.outcome().wireName();
                    metrics.refreshAttempt(provider, outcome, attempt.duration());
                    LogLine.with("connection", attempt.connectionId()).and("provider", provider)
                            .and("event", "refresh_attempt").and("outcome", outcome).and("code", attempt.code())
                            .and("status", attempt.status()).and("duration_ms", attempt.duration().toMillis())
                            .and("grant_type", attempt.grantType()).and("fence", attempt.fence())
                            .info(REFRESH_LOG);
                }
                case ConnectionEvent.StateChanged changed -> {
                    metrics.stateChange(provider, changed.type().wireName());
                    LogLine.with("connection", changed.connectionId()).and("provider", provider)
                            .and("event", changed.type().wireName())
                            .and("from", changed.from() == null ? "-" : changed.from().wireName())
                            .and("to", changed.to().wireName())
                            .and("reason", changed.reason() == null ? "-" : changed.reason().code())
                            .info(STATE_LOG);
                }
            }
        }
    }
}
