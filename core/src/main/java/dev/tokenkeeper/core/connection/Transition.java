package dev.tokenkeeper.core.connection;

import java.util.List;
import java.util.Objects;

/**
 * A connection's next version and the events that record the change, to be written in one commit.
 *
 * @param after  the connection as it will be stored
 * @param events the timeline entries for this change, in order
 */
public record Transition(Connection after, List<ConnectionEvent> events) {
    public Transition {
        Objects.requireNonNull(after, "after");
        events = List.copyOf(events);
    }
}
