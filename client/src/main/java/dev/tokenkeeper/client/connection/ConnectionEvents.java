package dev.tokenkeeper.client.connection;

import java.util.List;

/** A connection's timeline, oldest first. */
public record ConnectionEvents(String connectionId, List<ConnectionEvent> events) {
    public ConnectionEvents {
        events = events == null ? List.of() : List.copyOf(events);
    }
}
