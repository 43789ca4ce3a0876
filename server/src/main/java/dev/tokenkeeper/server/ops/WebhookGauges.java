package dev.tokenkeeper.server.ops;

import dev.tokenkeeper.core.port.DeploymentCounts;
import dev.tokenkeeper.core.port.DeploymentCounts.WebhookBacklog;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Counts the deployment's pending webhook deliveries and measures the age of the oldest (from its event to now) in
 * one read, at most once per {@link #REFRESH_EVERY}, however often Prometheus scrapes.
 */
public final class WebhookGauges {
    static final Duration REFRESH_EVERY = Duration.ofSeconds(5);
    private final ScrapeCache<WebhookBacklog> cache;

    public WebhookGauges(DeploymentCounts counts, InstantSource clock) {
        Objects.requireNonNull(counts, "counts");
        this.cache = new ScrapeCache<>(counts::webhookBacklog, clock, REFRESH_EVERY);
    }

    /**
     * Registers {@code tokenkeeper_webhook_pending_deliveries} and {@code tokenkeeper_webhook_oldest_pending_seconds}.
     */
    public void register(ServiceMetrics metrics) {
        metrics.gauge("tokenkeeper.webhook.pending.deliveries", "Webhook deliveries not yet delivered nor given up,"
                + " on every instance", null, () -> current().pending());
        metrics.gauge("tokenkeeper.webhook.oldest.pending.seconds", "How long ago the event of the oldest pending"
                + " webhook delivery happened (0 when none is pending)", null, () -> current().oldestPendingSeconds());
    }

    private WebhookBacklog current() {
        return cache.current();
    }
}
