package dev.tokenkeeper.memory;

import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionEvent;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.connection.ServingCopy;
import dev.tokenkeeper.core.connection.Transition;
import dev.tokenkeeper.core.port.ConnectionQuery;
import dev.tokenkeeper.core.port.ConnectionStore;
import dev.tokenkeeper.core.port.Lease;
import dev.tokenkeeper.core.port.QuarantinedRefresh;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/** {@link ConnectionStore} in memory, checking leases against an {@link InMemoryRefreshLease}. */
public final class InMemoryConnectionStore implements ConnectionStore {
    /** How many of a connection's newest events are kept at least (at most twice as many). */
    public static final int EVENTS_KEPT = 1_000;
    private final InMemoryRefreshLease leases;
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Every connection by id: the hit path's read is one hash-map lookup. */
    /** Each stored connection as its token path's copy, made once per stored version (the copy holds it). */
    private final ConcurrentHashMap<String, ServingCopy> serving = new ConcurrentHashMap<>();
    /** The same connections in id order, for listing only; written with {@link #serving} under the lock. */
    private final ConcurrentNavigableMap<String, Connection> ordered = new ConcurrentSkipListMap<>();
    private final Map<String, List<ConnectionEvent>> events = new HashMap<>();
    private final Map<String, List<QuarantinedRefresh>> quarantine = new HashMap<>();

    public InMemoryConnectionStore(InMemoryRefreshLease leases) {
        this.leases = leases;
    }

    @Override
    public Optional<Connection> find(String connectionId) {
        return Optional.ofNullable(stored(connectionId));
    }

    private Connection stored(String connectionId) {
        ServingCopy copy = serving.get(connectionId);
        return copy == null ? null : copy.connection();
    }

    @Override
    public Optional<ServingCopy> findToServe(String connectionId) {
        return Optional.ofNullable(serving.get(connectionId));
    }

    @Override
    public List<Connection> list(ConnectionQuery query) {
        Map<String, Connection> candidates = query.afterId() == null ? ordered
                : ordered.tailMap(query.afterId(), false);
        return candidates.values().stream().filter(query::matches).limit(query.limit()).toList();
    }

    @Override
    public boolean create(Transition creation) {
        writeLock.lock();
        try {
            Connection connection = creation.after();
            if (serving.containsKey(connection.id())) {
                return false;
            }
            put(connection.id(), connection);
            append(connection.id(), creation.events());
            return true;
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public boolean commit(Transition transition, long expectedGeneration, Lease lease) {
        Connection after = transition.after();
        if (after.generation() != expectedGeneration + 1) {
            throw new IllegalArgumentException("the new version must carry generation " + (expectedGeneration + 1));
        }
        writeLock.lock();
        try {
            Connection current = stored(after.id());
            if (current == null || current.generation() != expectedGeneration) {
                return false;
            }
            if (lease != null && !leases.isLive(lease)) {
                return false;
            }
            if (lease != null && !transition.attemptUnsettled()) {
                leases.attemptFinished(lease);
            } else if (transition.newGrant()) {
                leases.attemptMoot(after.id());
            }
            put(after.id(), after.withMetadata(current.metadata(), after.updatedAt()));
            append(after.id(), transition.events());
            return true;
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public Optional<Connection> changeMetadata(String connectionId, UnaryOperator<Map<String, String>> change,
            Instant updatedAt) {
        writeLock.lock();
        try {
            Connection current = stored(connectionId);
            if (current == null) {
                return Optional.empty();
            }
            Connection changed = current.withMetadata(change.apply(current.metadata()), updatedAt);
            put(connectionId, changed);
            return Optional.of(changed);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void record(List<ConnectionEvent> recorded) {
        writeLock.lock();
        try {
            for (ConnectionEvent event : recorded) {
                if (serving.containsKey(event.connectionId())) {
                    append(event.connectionId(), List.of(event));
                }
            }
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Appends to a connection's timeline under the write lock, keeping its newest {@link #EVENTS_KEPT} events (trimmed
     * once it holds twice as many), so a long-lived process does not grow by an event per refresh for ever.
     */
    private void append(String connectionId, List<ConnectionEvent> added) {
        List<ConnectionEvent> timeline = events.computeIfAbsent(connectionId, id -> new ArrayList<>());
        timeline.addAll(added);
        if (timeline.size() > 2 * EVENTS_KEPT) {
            timeline.subList(0, timeline.size() - EVENTS_KEPT).clear();
        }
    }

    @Override
    public List<ConnectionEvent> events(String connectionId, int limit) {
        writeLock.lock();
        try {
            List<ConnectionEvent> all = events.getOrDefault(connectionId, List.of());
            return List.copyOf(all.subList(Math.max(0, all.size() - limit), all.size()));
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void quarantine(QuarantinedRefresh refresh) {
        writeLock.lock();
        try {
            if (serving.containsKey(refresh.connectionId())) {
                quarantine.computeIfAbsent(refresh.connectionId(), id -> new ArrayList<>()).add(refresh);
            }
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public List<QuarantinedRefresh> quarantined(String connectionId) {
        writeLock.lock();
        try {
            return List.copyOf(quarantine.getOrDefault(connectionId, List.of()));
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public Optional<Connection> delete(String connectionId) {
        writeLock.lock();
        try {
            ServingCopy removed = serving.remove(connectionId);
            Connection deleted = removed == null ? null : removed.connection();
            ordered.remove(connectionId);
            if (deleted == null) {
                return Optional.empty();
            }
            events.remove(connectionId);
            quarantine.remove(connectionId);
            leases.forget(connectionId);
            return Optional.of(deleted);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Sets {@code nextRefreshAt} of the provider's misconfigured connections that have a refresh token: the first (in
     * id order) {@code start}, each next one {@code spacing} later; generations stay as they are.
     *
     * @return how many were scheduled
     */
    int scheduleMisconfigured(String providerKey, boolean clientCredentials, Instant start, Duration spacing) {
        writeLock.lock();
        try {
            int scheduled = 0;
            for (Connection connection : ordered.values()) {
                if (connection.providerKey().equals(providerKey)
                        && connection.state() == ConnectionState.MISCONFIGURED
                        && (clientCredentials || connection.tokens().refreshToken() != null)) {
                    put(connection.id(), rescheduled(connection,
                            start.plus(spacing.multipliedBy(scheduled))));
                    scheduled++;
                }
            }
            return scheduled;
        } finally {
            writeLock.unlock();
        }
    }

    private static Connection rescheduled(Connection c, Instant nextRefreshAt) {
        return new Connection(c.id(), c.providerKey(), c.state(), c.tokens(), c.generation(), nextRefreshAt,
                c.lastRefreshedAt(), c.refreshCount(), c.consecutiveFailures(), c.lastError(), c.metadata(),
                c.createdAt(), c.updatedAt(), c.grantedAt());
    }

    /** Every stored connection in id order, for test assertions. */
    public List<Connection> all() {
        return List.copyOf(ordered.values());
    }

    /** Stores {@code connection} in both maps; called under the write lock. */
    private void put(String id, Connection connection) {
        serving.put(id, ServingCopy.of(connection));
        ordered.put(id, connection);
    }
}
