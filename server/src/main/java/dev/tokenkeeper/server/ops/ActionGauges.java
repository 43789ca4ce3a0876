package dev.tokenkeeper.server.ops;

import dev.tokenkeeper.core.action.ActionState;
import dev.tokenkeeper.core.port.DeploymentCounts;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;

/** Counts the deployment's actions by state in one read, at most once per {@link #REFRESH_EVERY}. */
public final class ActionGauges {
    static final Duration REFRESH_EVERY = Duration.ofSeconds(5);
    private final ScrapeCache<Map<ActionState, Long>> cache;

    public ActionGauges(DeploymentCounts counts, InstantSource clock) {
        Objects.requireNonNull(counts, "counts");
        this.cache = new ScrapeCache<>(counts::actionsByState, clock, REFRESH_EVERY);
    }

    /** Registers {@code tokenkeeper_actions{state}}. */
    public void register(ServiceMetrics metrics) {
        for (ActionState state : ActionState.values()) {
            metrics.gauge("tokenkeeper.actions", "Actions by state, on every instance", state.wireName(),
                    () -> cache.current().getOrDefault(state, 0L));
        }
    }
}
