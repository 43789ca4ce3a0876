package dev.tokenkeeper.core.port;

import dev.tokenkeeper.core.action.ActionState;
import dev.tokenkeeper.core.connection.ConnectionState;
import java.util.Map;
import java.util.Objects;

/** Counts over the whole deployment (every instance's work), read by the metrics gauges. */
public interface DeploymentCounts {

    /**
     * Connections by state, and how long the most overdue proactive refresh not under a live lease has waited to be
     * claimed (0 when none is overdue).
     */
    record ConnectionCounts(Map<ConnectionState, Long> byState, double dueLagSeconds) {
        public ConnectionCounts {
            byState = Map.copyOf(Objects.requireNonNull(byState, "byState"));
        }
    }

    /** The pending webhook deliveries and how long ago the event of the oldest happened (0 when none is pending). */
    record WebhookBacklog(long pending, double oldestPendingSeconds) {}

    /** Connections by state and the due-work lag, in one read. */
    ConnectionCounts connections();

    /** The webhook deliveries not yet delivered nor given up. */
    WebhookBacklog webhookBacklog();

    /** Actions by state (a state with none may be missing). */
    Map<ActionState, Long> actionsByState();
}
