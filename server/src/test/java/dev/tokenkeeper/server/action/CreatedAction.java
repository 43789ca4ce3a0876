package dev.tokenkeeper.server.action;

import java.util.Objects;

/**
 * An action as the harness created it.
 *
 * @param id           the action's id
 * @param connectionId its connection
 * @param index        its place in its connection's creation order, from 0
 * @param marker       the unique string its body carries ({@code {"action": marker}}), which the fake logs
 * @param initialState the state the creation answered ({@code queued} or {@code held})
 */
record CreatedAction(String id, String connectionId, int index, String marker, String initialState) {
    CreatedAction {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(marker, "marker");
        Objects.requireNonNull(initialState, "initialState");
    }
}
