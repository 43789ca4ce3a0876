package dev.tokenkeeper.server.ops;

import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.postgres.lease.PostgresRefreshLease;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.InstantSource;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Counts connections by state and measures the deployment's due-work lag (how long the most overdue proactive refresh
 * not under a live lease has waited to be claimed) in one query, at most once per {@link #REFRESH_EVERY}, however
 * often Prometheus scrapes.
 */
public final class ConnectionGauges {
    static final Duration REFRESH_EVERY = Duration.ofSeconds(5);
    private final PostgresDatabase database;
    private final ScrapeCache<Snapshot> cache;

    private record Snapshot(Map<ConnectionState, Long> byState, double lagSeconds) {}

    public ConnectionGauges(PostgresDatabase database, InstantSource clock) {
        this.database = database;
        this.cache = new ScrapeCache<>(this::take, clock, REFRESH_EVERY);
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
                () -> current().lagSeconds());
    }

    private Snapshot current() {
        return cache.current();
    }

    private Snapshot take() {
        return database.withConnection(db -> {
            Map<ConnectionState, Long> byState = new EnumMap<>(ConnectionState.class);
            try (PreparedStatement count = db.prepareStatement("select state, count(*) from connections group by state");
                    ResultSet rows = count.executeQuery()) {
                while (rows.next()) {
                    Optional<ConnectionState> state = ConnectionState.fromWireName(rows.getString(1));
                    if (state.isPresent()) {
                        byState.put(state.get(), rows.getLong(2));
                    }
                }
            }
            double lag = 0;
            try (PreparedStatement oldest = db.prepareStatement("select extract(epoch from (clock_timestamp()"
                    + " - min(next_refresh_at))) from connections where " + PostgresRefreshLease.CONNECTIONS.claimableIf()
                    + " and next_refresh_at is not null"
                    + " and (lease_expires_at is null or lease_expires_at <= clock_timestamp())");
                    ResultSet row = oldest.executeQuery()) {
                if (row.next()) {
                    lag = Math.max(0, row.getDouble(1));
                }
            }
            return new Snapshot(byState, lag);
        });
    }
}
