package dev.tokenkeeper.server.ops;

import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.port.DeploymentCounts;
import dev.tokenkeeper.core.port.DeploymentCounts.ConnectionCounts;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Counts connections by state and measures the deployment's due-work lag (how long the most overdue proactive refresh
 * not under a live lease has waited to be claimed) in one read, at most once per {@link #REFRESH_EVERY}, however
 * often Prometheus scrapes.
 */
public final class ConnectionGauges {
    static final Duration REFRESH_EVERY = Duration.ofSeconds(5);
    private final ScrapeCache<ConnectionCounts> cache;

    public ConnectionGauges(DeploymentCounts counts, InstantSource clock) {
        Objects.requireNonNull(counts, "counts");
        this.cache = new ScrapeCache<>(counts::connections, clock, REFRESH_EVERY);
    }

    /** Registers {@code tokenkeeper_connections{state}} and {@code tokenkeeper_due_lag_seconds}. */
    public void register(ServiceMetrics metrics) {
        for (ConnectionState state : ConnectionState.values()) {
            metrics.gauge("tokenkeeper.connections", "Connections by state", state.wireName(),
                    () -> current().byState().getOrDefault(state, 0L));
        }
        metrics.gauge("tokenkeeper.due.lag.seconds",
                "How long the most overdue proactive refresh has been waiting to be claimed by any instance (0 when"
                        + " none is overdue); tokenkeeper_scheduler_lag_seconds is how late this instance claimed", null,
                () -> current().dueLagSeconds());
    }

    private ConnectionCounts current() {
        return cache.current();
    }
}
