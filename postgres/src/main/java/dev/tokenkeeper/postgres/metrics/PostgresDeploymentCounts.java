package dev.tokenkeeper.postgres.metrics;

import dev.tokenkeeper.core.action.ActionState;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.port.DeploymentCounts;
import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.postgres.lease.PostgresRefreshLease;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** {@link DeploymentCounts} in PostgreSQL: the connections, webhook_deliveries and actions tables. */
public final class PostgresDeploymentCounts implements DeploymentCounts {
    private final PostgresDatabase database;

    public PostgresDeploymentCounts(PostgresDatabase database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public ConnectionCounts connections() {
        return database.withConnection(db -> {
            Map<ConnectionState, Long> byState = new EnumMap<>(ConnectionState.class);
            try (PreparedStatement count = db.prepareStatement(
                    "select state, count(*) from connections group by state");
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
                    + " - min(next_refresh_at))) from connections where "
                    + PostgresRefreshLease.CONNECTIONS.claimableIf()
                    + " and next_refresh_at is not null"
                    + " and (lease_expires_at is null or lease_expires_at <= clock_timestamp())");
                    ResultSet row = oldest.executeQuery()) {
                if (row.next()) {
                    lag = Math.max(0, row.getDouble(1));
                }
            }
            return new ConnectionCounts(byState, lag);
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
}
