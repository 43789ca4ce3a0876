package dev.tokenkeeper.memory;

import dev.tokenkeeper.core.port.AccountSubjectStore;
import dev.tokenkeeper.core.port.ConnectionStore;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link AccountSubjectStore} in memory beside a {@link ConnectionStore}: a subject is kept only for a connection that
 * exists, and is forgotten with it (a connection created again under the same id starts without one).
 */
public final class InMemoryAccountSubjectStore implements AccountSubjectStore {
    private final ConnectionStore connections;
    private final Map<String, Kept> subjects = new ConcurrentHashMap<>();

    /** A subject and the creation time of the connection it was stored for. */
    private record Kept(Instant connectionCreatedAt, String subject) {}

    public InMemoryAccountSubjectStore(ConnectionStore connections) {
        this.connections = Objects.requireNonNull(connections, "connections");
    }

    @Override
    public Optional<String> find(String connectionId) {
        return connections.find(connectionId).flatMap(connection -> Optional.ofNullable(subjects.get(connectionId))
                .filter(kept -> kept.connectionCreatedAt().equals(connection.createdAt()))
                .map(Kept::subject));
    }

    @Override
    public void store(String connectionId, String subject) {
        Objects.requireNonNull(subject, "subject");
        connections.find(connectionId).ifPresent(connection ->
                subjects.put(connectionId, new Kept(connection.createdAt(), subject)));
    }
}
