package dev.tokenkeeper.server.admin;

import dev.tokenkeeper.core.action.ActionState;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.health.ProviderHealth;
import dev.tokenkeeper.core.health.ProviderHealthWatch;
import dev.tokenkeeper.core.port.DeploymentCounts;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.refresh.FailureClass;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Reads the overview's numbers from the ports the API and the metrics read: the deployment's counts (every
 * instance's work, the refreshes of the last hour) and each configured provider's health.
 */
public final class OverviewReader {
    /** The outcome of a refresh attempt that got a token, as the overview names it. */
    static final String REFRESHED = "refreshed";
    private static final Duration LAST_HOUR = Duration.ofHours(1);

    private final DeploymentCounts counts;
    private final Supplier<List<ProviderConfig>> providers;
    private final ProviderHealthWatch health;
    private final InstantSource clock;

    /** @param providers every configured provider, as {@code GET /v1/providers} lists them */
    public OverviewReader(DeploymentCounts counts, Supplier<List<ProviderConfig>> providers,
            ProviderHealthWatch health, InstantSource clock) {
        this.counts = Objects.requireNonNull(counts, "counts");
        this.providers = Objects.requireNonNull(providers, "providers");
        this.health = Objects.requireNonNull(health, "health");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The overview now, with {@code csrfToken} for its forms. */
    public Overview read(String csrfToken) {
        DeploymentCounts.ConnectionCounts connections = counts.connections();
        Map<String, Map<ConnectionState, Long>> byProvider = connections.byProvider();
        List<Overview.Provider> all = new ArrayList<>();
        Set<String> configured = new TreeSet<>();
        for (ProviderConfig config : providers.get()) {
            configured.add(config.key());
            all.add(row(config.key(), true, health.health(config.key()), byProvider.getOrDefault(config.key(),
                    Map.of())));
        }
        byProvider.forEach((key, states) -> {
            if (!configured.contains(key)) {
                all.add(row(key, false, health.health(key), states));
            }
        });
        all.sort(Comparator.comparing(Overview.Provider::key));
        List<Overview.Provider> misconfigured = all.stream().filter(p -> !p.cause().isEmpty()).toList();
        Map<ActionState, Long> actions = counts.actionsByState();
        List<Overview.Count> actionCounts = new ArrayList<>();
        for (ActionState state : ActionState.values()) {
            actionCounts.add(new Overview.Count(state.wireName(), actions.getOrDefault(state, 0L)));
        }
        DeploymentCounts.WebhookBacklog backlog = counts.webhookBacklog();
        return new Overview(csrfToken, misconfigured, all, byState(connections.byState()),
                refreshes(counts.refreshesSince(clock.instant().minus(LAST_HOUR))),
                Math.round(connections.dueLagSeconds()), backlog.pending(),
                Math.round(backlog.oldestPendingSeconds()), actionCounts);
    }

    private static List<Overview.Count> byState(Map<ConnectionState, Long> counts) {
        List<Overview.Count> byState = new ArrayList<>();
        for (ConnectionState state : ConnectionState.values()) {
            byState.add(new Overview.Count(state.wireName(), counts.getOrDefault(state, 0L)));
        }
        return byState;
    }

    private static List<Overview.Count> refreshes(DeploymentCounts.RefreshOutcomes outcomes) {
        List<Overview.Count> counts = new ArrayList<>();
        counts.add(new Overview.Count(REFRESHED, outcomes.refreshed()));
        for (FailureClass failure : FailureClass.values()) {
            counts.add(new Overview.Count(failure.wireName(), outcomes.failed().getOrDefault(failure, 0L)));
        }
        return counts;
    }

    private static Overview.Provider row(String key, boolean configured, ProviderHealth health,
            Map<ConnectionState, Long> connections) {
        List<Overview.Count> counts = byState(connections);
        if (health.cause() == null) {
            return new Overview.Provider(key, configured, health.state().wireName(), "", "", "", "", 0, counts);
        }
        return new Overview.Provider(key, configured, health.state().wireName(), health.cause().code(),
                health.cause().summary(), health.cause().fix(key), String.valueOf(health.since()),
                health.affectedConnections(), counts);
    }
}
