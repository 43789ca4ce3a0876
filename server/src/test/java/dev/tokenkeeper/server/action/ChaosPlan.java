package dev.tokenkeeper.server.action;

import java.time.Duration;
import java.util.Objects;

/**
 * The size and pace of one {@link ActionsChaos} run.
 *
 * @param connections          how many connections (each its own grant at the fake provider)
 * @param actionsPerConnection how many actions each connection gets
 * @param settleBound          how long, at most, each wait of the run may take (all stale, the kill, all final)
 */
record ChaosPlan(int connections, int actionsPerConnection, Duration settleBound) {
    ChaosPlan {
        if (connections < 2 || actionsPerConnection < 3) {
            throw new IllegalArgumentException("at least 2 connections and 3 actions per connection");
        }
        Objects.requireNonNull(settleBound, "settleBound");
    }

    int actions() {
        return connections * actionsPerConnection;
    }

    /** How many actions of each connection are created before the grants are revoked (the rest after). */
    int beforeRevocation() {
        return Math.max(1, actionsPerConnection * 2 / 5);
    }
}
