package dev.tokenkeeper.server.ops;

import dev.tokenkeeper.core.connection.ConnectionEvent;
import dev.tokenkeeper.core.connection.Transition;
import dev.tokenkeeper.core.port.ConnectionStore;
import dev.tokenkeeper.core.port.ForwardingConnectionStore;
import dev.tokenkeeper.core.port.Lease;
import dev.tokenkeeper.core.port.QuarantinedRefresh;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ConnectionStore} that, after each successful write, logs one structured line per refresh attempt and per
 * state change ({@link LogLine}: key=value in the message, and the same fields in a JSON line) and counts them in the
 * metrics. Only what was really written is reported; no line holds a secret
 * (the events themselves are redacted).
 */
public final class ObservedConnectionStore extends ForwardingConnectionStore {
    private static final Logger REFRESH_LOG = LoggerFactory.getLogger("tokenkeeper.refresh");
    private static final Logger STATE_LOG = LoggerFactory.getLogger("tokenkeeper.state");

    private final ServiceMetrics metrics;

    public ObservedConnectionStore(ConnectionStore delegate, ServiceMetrics metrics) {
        super(delegate);
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public boolean create(Transition creation) {
        boolean created = super.create(creation);
        if (created) {
            report(creation);
        }
        return created;
    }

    @Override
    public boolean commit(Transition transition, long expectedGeneration, Lease lease) {
        boolean committed = super.commit(transition, expectedGeneration, lease);
        if (committed) {
            report(transition);
        }
        return committed;
    }

    @Override
    public void quarantine(QuarantinedRefresh refresh) {
        super.quarantine(refresh);
        LogLine.with("connection", refresh.connectionId()).and("event", "quarantined").and("reason", "lease_lost")
                .warn(REFRESH_LOG);
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
                            .and("cause", changed.reason() == null ? "-" : changed.reason().cause().code())
                            .info(STATE_LOG);
                }
            }
        }
    }
}
