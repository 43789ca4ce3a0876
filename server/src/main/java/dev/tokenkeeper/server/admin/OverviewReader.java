package dev.tokenkeeper.server.admin;

import dev.tokenkeeper.core.action.ActionState;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.health.ProviderHealth;
import dev.tokenkeeper.core.health.ProviderHealthWatch;
import dev.tokenkeeper.core.port.DeploymentCounts;
import dev.tokenkeeper.core.provider.ProviderConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Reads the overview's numbers from the ports the API and the metrics read: the deployment's counts (every
 * instance's work) and each configured provider's health.
 */
public final class OverviewReader {
    private final DeploymentCounts counts;
    private final Supplier<List<ProviderConfig>> providers;
    private final ProviderHealthWatch health;

    /** @param providers every configured provider, as {@code GET /v1/providers} lists them */
    public OverviewReader(DeploymentCounts counts, Supplier<List<ProviderConfig>> providers,
            ProviderHealthWatch health) {
        this.counts = Objects.requireNonNull(counts, "counts");
        this.providers = Objects.requireNonNull(providers, "providers");
        this.health = Objects.requireNonNull(health, "health");
    }

    /** The overview now, with {@code csrfToken} for its forms. */
    public Overview read(String csrfToken) {
        List<Overview.Provider> all = new ArrayList<>();
        for (ProviderConfig config : providers.get()) {
            all.add(row(config.key(), health.health(config.key())));
        }
        List<Overview.Provider> misconfigured = all.stream().filter(p -> !p.cause().isEmpty()).toList();
        DeploymentCounts.ConnectionCounts connections = counts.connections();
        List<Overview.Count> byState = new ArrayList<>();
        for (ConnectionState state : ConnectionState.values()) {
            byState.add(new Overview.Count(state.wireName(), connections.byState().getOrDefault(state, 0L)));
        }
        Map<ActionState, Long> actions = counts.actionsByState();
        List<Overview.Count> actionCounts = new ArrayList<>();
        for (ActionState state : ActionState.values()) {
            actionCounts.add(new Overview.Count(state.wireName(), actions.getOrDefault(state, 0L)));
        }
        DeploymentCounts.WebhookBacklog backlog = counts.webhookBacklog();
        return new Overview(csrfToken, misconfigured, all, byState, Math.round(connections.dueLagSeconds()),
                backlog.pending(), Math.round(backlog.oldestPendingSeconds()), actionCounts);
    }

    private static Overview.Provider row(String key, ProviderHealth health) {
        if (health.cause() == null) {
            return new Overview.Provider(key, health.state().wireName(), "", "", "", "", 0);
        }
        return new Overview.Provider(key, health.state().wireName(), health.cause().code(), health.cause().summary(),
                health.cause().fix(key), String.valueOf(health.since()), health.affectedConnections());
    }
}
