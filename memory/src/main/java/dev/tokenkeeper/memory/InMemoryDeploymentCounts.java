package dev.tokenkeeper.memory;

import dev.tokenkeeper.core.action.Action;
import dev.tokenkeeper.core.action.ActionQuery;
import dev.tokenkeeper.core.action.ActionState;
import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionEvent;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.port.DeploymentCounts;
import dev.tokenkeeper.core.refresh.FailureClass;
import dev.tokenkeeper.core.webhook.DeliveryStatus;
import dev.tokenkeeper.core.webhook.WebhookDelivery;
import dev.tokenkeeper.core.webhook.WebhookEndpoint;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** {@link DeploymentCounts} over the in-memory stores, counted as the PostgreSQL adapter counts its tables. */
public final class InMemoryDeploymentCounts implements DeploymentCounts {
    private static final int PAGE = 1000;
    private static final Set<ConnectionState> SCHEDULED = Set.of(ConnectionState.ACTIVE,
            ConnectionState.MISCONFIGURED);

    private final InMemoryConnectionStore connections;
    private final InMemoryRefreshLease leases;
    private final InMemoryWebhookStore webhooks;
    private final InMemoryActionStore actions;
    private final InstantSource clock;

    public InMemoryDeploymentCounts(InMemoryConnectionStore connections, InMemoryRefreshLease leases,
            InMemoryWebhookStore webhooks, InMemoryActionStore actions, InstantSource clock) {
        this.connections = Objects.requireNonNull(connections, "connections");
        this.leases = Objects.requireNonNull(leases, "leases");
        this.webhooks = Objects.requireNonNull(webhooks, "webhooks");
        this.actions = Objects.requireNonNull(actions, "actions");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public ConnectionCounts connections() {
        Instant now = clock.instant();
        Map<String, Map<ConnectionState, Long>> byProvider = new HashMap<>();
        Instant oldestDue = null;
        for (Connection connection : connections.all()) {
            byProvider.computeIfAbsent(connection.providerKey(), key -> new EnumMap<>(ConnectionState.class))
                    .merge(connection.state(), 1L, Long::sum);
            if (SCHEDULED.contains(connection.state()) && connection.tokens().refreshToken() != null
                    && connection.nextRefreshAt() != null && !leases.leased(connection.id())
                    && (oldestDue == null || connection.nextRefreshAt().isBefore(oldestDue))) {
                oldestDue = connection.nextRefreshAt();
            }
        }
        return new ConnectionCounts(byProvider, oldestDue == null ? 0 : Math.max(0, seconds(oldestDue, now)));
    }

    @Override
    public WebhookBacklog webhookBacklog() {
        long pending = 0;
        Instant oldest = null;
        for (WebhookEndpoint endpoint : webhooks.endpoints(null, Integer.MAX_VALUE)) {
            for (WebhookDelivery delivery : webhooks.deliveries(endpoint.id(), DeliveryStatus.PENDING, null,
                    Integer.MAX_VALUE)) {
                pending++;
                oldest = oldest == null || delivery.createdAt().isBefore(oldest) ? delivery.createdAt() : oldest;
            }
        }
        return new WebhookBacklog(pending, oldest == null ? 0 : Math.max(0, seconds(oldest, clock.instant())));
    }

    @Override
    public Map<ActionState, Long> actionsByState() {
        Map<ActionState, Long> byState = new EnumMap<>(ActionState.class);
        for (ActionState state : ActionState.values()) {
            String after = null;
            List<Action> page;
            do {
                page = actions.list(new ActionQuery(null, state, after, PAGE));
                if (!page.isEmpty()) {
                    byState.merge(state, (long) page.size(), Long::sum);
                    after = page.getLast().id();
                }
            } while (page.size() == PAGE);
        }
        return byState;
    }

    @Override
    public RefreshOutcomes refreshesSince(Instant since) {
        long refreshed = 0;
        Map<FailureClass, Long> failed = new EnumMap<>(FailureClass.class);
        for (Connection connection : connections.all()) {
            for (ConnectionEvent event : connections.events(connection.id(), Integer.MAX_VALUE)) {
                if (event instanceof ConnectionEvent.RefreshAttempted attempt && !attempt.at().isBefore(since)) {
                    if (attempt.outcome() == null) {
                        refreshed++;
                    } else {
                        failed.merge(attempt.outcome(), 1L, Long::sum);
                    }
                }
            }
        }
        return new RefreshOutcomes(refreshed, failed);
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }
}
