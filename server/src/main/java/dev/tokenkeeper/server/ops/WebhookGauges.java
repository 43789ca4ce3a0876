package dev.tokenkeeper.server.ops;

import dev.tokenkeeper.postgres.PostgresDatabase;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Counts the deployment's pending webhook deliveries and measures the age of the oldest (from its event to now) in
 * one query, at most once per {@link #REFRESH_EVERY}, however often Prometheus scrapes.
 */
public final class WebhookGauges {
    static final Duration REFRESH_EVERY = Duration.ofSeconds(5);
    private final PostgresDatabase database;
    private final ScrapeCache<Snapshot> cache;

    private record Snapshot(long pending, double oldestSeconds) {}

    public WebhookGauges(PostgresDatabase database, InstantSource clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.cache = new ScrapeCache<>(this::take, clock, REFRESH_EVERY);
    }

    /**
     * Registers {@code tokenkeeper_webhook_pending_deliveries} and {@code tokenkeeper_webhook_oldest_pending_seconds}.
     */
    public void register(ServiceMetrics metrics) {
        metrics.gauge("tokenkeeper.webhook.pending.deliveries", "Webhook deliveries not yet delivered nor given up,"
                + " on every instance", null, () -> current().pending());
        metrics.gauge("tokenkeeper.webhook.oldest.pending.seconds", "How long ago the event of the oldest pending"
                + " webhook delivery happened (0 when none is pending)", null, () -> current().oldestSeconds());
    }

    private Snapshot current() {
        return cache.current();
    }

    private Snapshot take() {
        return database.withConnection(db -> {
            try (PreparedStatement pending = db.prepareStatement("select count(*),"
                    + " coalesce(extract(epoch from (clock_timestamp() - min(created_at))), 0)"
                    + " from webhook_deliveries where status = 'pending'");
                    ResultSet row = pending.executeQuery()) {
                row.next();
                return new Snapshot(row.getLong(1), Math.max(0, row.getDouble(2)));
            }
        });
    }
}
