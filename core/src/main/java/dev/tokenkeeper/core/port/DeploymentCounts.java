package dev.tokenkeeper.core.port;

import dev.tokenkeeper.core.action.ActionState;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.refresh.FailureClass;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.Objects;

/** Counts over the whole deployment (every instance's work), read by the metrics gauges. */
public interface DeploymentCounts {

    /**
     * Connections by provider and state, and how long the most overdue proactive refresh not under a live lease has
     * waited to be claimed (0 when none is overdue).
     *
     * @param byProvider each provider key that has connections, to its counts by state (a state with none missing)
     */
    record ConnectionCounts(Map<String, Map<ConnectionState, Long>> byProvider, double dueLagSeconds) {
        public ConnectionCounts {
            Map<String, Map<ConnectionState, Long>> sorted = new TreeMap<>();
            Objects.requireNonNull(byProvider, "byProvider").forEach((key, counts) -> sorted.put(key,
                    counts.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(counts))));
            byProvider = Collections.unmodifiableMap(sorted);
        }

        /** Connections by state over every provider (a state with none missing). */
        public Map<ConnectionState, Long> byState() {
            Map<ConnectionState, Long> total = new EnumMap<>(ConnectionState.class);
            byProvider.values().forEach(counts -> counts.forEach((state, n) -> total.merge(state, n, Long::sum)));
            return total;
        }
    }

    /**
     * Refresh attempts made in a period, by outcome.
     *
     * @param refreshed how many got a token
     * @param failed    how many failed, by the failure's class (a class with none missing)
     */
    record RefreshOutcomes(long refreshed, Map<FailureClass, Long> failed) {
        public RefreshOutcomes {
            if (refreshed < 0) {
                throw new IllegalArgumentException("refreshed must not be negative");
            }
            failed = Map.copyOf(Objects.requireNonNull(failed, "failed"));
        }

        /** Every attempt, successful or not. */
        public long total() {
            return refreshed + failed.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** The pending webhook deliveries and how long ago the event of the oldest happened (0 when none is pending). */
    record WebhookBacklog(long pending, double oldestPendingSeconds) {}

    /** Connections by provider and state and the due-work lag, in one read. */
    ConnectionCounts connections();

    /** The webhook deliveries not yet delivered nor given up. */
    WebhookBacklog webhookBacklog();

    /** Actions by state (a state with none may be missing). */
    Map<ActionState, Long> actionsByState();

    /** The refresh attempts of every connection (the timeline's {@code refresh.attempted}) at or after {@code since}. */
    RefreshOutcomes refreshesSince(Instant since);
}
