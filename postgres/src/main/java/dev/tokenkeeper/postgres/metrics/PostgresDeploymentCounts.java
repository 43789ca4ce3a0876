package dev.tokenkeeper.postgres.metrics;

import dev.tokenkeeper.core.action.ActionState;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.port.DeploymentCounts;
import dev.tokenkeeper.core.refresh.FailureClass;
import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.postgres.lease.PostgresRefreshLease;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** {@link DeploymentCounts} in PostgreSQL: the connections, connection_events, webhook_deliveries and actions tables. */
public final class PostgresDeploymentCounts implements DeploymentCounts {
    private final PostgresDatabase database;

    public PostgresDeploymentCounts(PostgresDatabase database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public ConnectionCounts connections() {
        return database.withConnection(db -> {
            Map<String, Map<ConnectionState, Long>> byProvider = new HashMap<>();
            try (PreparedStatement count = db.prepareStatement(
                    "select provider_key, state, count(*) from connections group by provider_key, state");
                    ResultSet rows = count.executeQuery()) {
                while (rows.next()) {
                    Optional<ConnectionState> state = ConnectionState.fromWireName(rows.getString(2));
                    if (state.isPresent()) {
                        byProvider.computeIfAbsent(rows.getString(1), key -> new EnumMap<>(ConnectionState.class))
                                .put(state.get(), rows.getLong(3));
                    }
                }
            }
            double lag = 0;
            try (PreparedStatement oldest = db.prepareStatement("select extract(epoch from (clock_timestamp()"
                    + " - min(next_refresh_at))) from connections where "
                    + PostgresRefreshLease.CONNECTIONS.claimableIf()
                    + " and next_refresh_at is not null"
                    + " and (lease_expires_at is null or lease_expires_at <= clock_timestamp())");
                    ResultSet row = oldest.executeQuery()) {
                if (row.next()) {
                    lag = Math.max(0, row.getDouble(1));
                }
            }
            return new ConnectionCounts(byProvider, lag);
        });
    }

    @Override
    public WebhookBacklog webhookBacklog() {
        return database.withConnection(db -> {
            try (PreparedStatement pending = db.prepareStatement("select count(*),"
                    + " coalesce(extract(epoch from (clock_timestamp() - min(created_at))), 0)"
                    + " from webhook_deliveries where status = 'pending'");
                    ResultSet row = pending.executeQuery()) {
                row.next();
                return new WebhookBacklog(row.getLong(1), Math.max(0, row.getDouble(2)));
            }
        });
    }

    @Override
    public Map<ActionState, Long> actionsByState() {
        return database.withConnection(db -> {
            Map<ActionState, Long> byState = new EnumMap<>(ActionState.class);
            try (PreparedStatement count = db.prepareStatement("select state, count(*) from actions group by state");
                    ResultSet rows = count.executeQuery()) {
                while (rows.next()) {
                    Optional<ActionState> state = ActionState.fromWire(rows.getString(1));
                    if (state.isPresent()) {
                        byState.put(state.get(), rows.getLong(2));
                    }
                }
            }
            return byState;
        });
    }

    @Override
    public RefreshOutcomes refreshesSince(Instant since) {
        Objects.requireNonNull(since, "since");
        return database.withConnection(db -> {
            long refreshed = 0;
            Map<FailureClass, Long> failed = new EnumMap<>(FailureClass.class);
            try (PreparedStatement count = db.prepareStatement("select payload->>'outcome', count(*)"
                    + " from connection_events where type = 'refresh.attempted' and at >= ?"
                    + " group by payload->>'outcome'")) {
                count.setTimestamp(1, Timestamp.from(since));
                try (ResultSet rows = count.executeQuery()) {
                    while (rows.next()) {
                        String outcome = rows.getString(1);
                        if (outcome == null) {
                            refreshed += rows.getLong(2);
                        } else {
                            Optional<FailureClass> failure = FailureClass.fromWireName(outcome);
                            if (failure.isPresent()) {
                                failed.merge(failure.get(), rows.getLong(2), Long::sum);
                            }
                        }
                    }
                }
            }
            return new RefreshOutcomes(refreshed, failed);
        });
    }
}
