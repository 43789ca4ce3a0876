package dev.tokenkeeper.core.connection;

import java.util.List;
import java.util.Objects;

/**
 * A connection's next version and the events that record the change, to be written in one commit.
 *
 * @param after      the connection as it will be stored
 * @param events     the timeline entries for this change, in order
 * @param newGrant   the tokens are a new grant (a reconnect): a refresh of the old grant that a crashed holder left
 *                   marked as started is moot, so the commit settles that mark too
 */
public record Transition(Connection after, List<ConnectionEvent> events, boolean newGrant) {
    public Transition {
        Objects.requireNonNull(after, "after");
        events = List.copyOf(events);
    }

    /** A change of the same grant. */
    public Transition(Connection after, List<ConnectionEvent> events) {
        this(after, events, false);
    }
}
