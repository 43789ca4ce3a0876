package dev.tokenkeeper.memory;

import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.health.ProviderEvent;
import dev.tokenkeeper.core.health.ProviderEventType;
import dev.tokenkeeper.core.health.ProviderHealth;
import dev.tokenkeeper.core.port.ProviderHealthLedger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/** {@link ProviderHealthLedger} in memory, counting the connections of an {@link InMemoryConnectionStore}. */
public final class InMemoryProviderHealthLedger implements ProviderHealthLedger {
    private final InMemoryConnectionStore connections;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, ProviderHealth> marked = new HashMap<>();
    private final List<ProviderEvent> events = new ArrayList<>();

    public InMemoryProviderHealthLedger(InMemoryConnectionStore connections) {
        this.connections = connections;
    }

    @Override
    public Optional<ProviderEvent> markMisconfigured(String providerKey, Cause cause, Instant at) {
        lock.lock();
        try {
            if (marked.containsKey(providerKey)) {
                return Optional.empty();
            }
            marked.put(providerKey, ProviderHealth.misconfigured(cause, at, 0));
            return Optional.of(append(providerKey, at, ProviderEventType.MISCONFIGURED, cause));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<ProviderEvent> markRecoveredIfHealed(String providerKey, Instant at) {
        lock.lock();
        try {
            ProviderHealth health = marked.get(providerKey);
            if (health == null || misconfigured(providerKey) > 0) {
                return Optional.empty();
            }
            marked.remove(providerKey);
            return Optional.of(append(providerKey, at, ProviderEventType.RECOVERED, health.cause()));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public ProviderHealth health(String providerKey) {
        lock.lock();
        try {
            ProviderHealth health = marked.get(providerKey);
            return health == null ? ProviderHealth.OK
                    : ProviderHealth.misconfigured(health.cause(), health.since(), misconfigured(providerKey));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<ProviderEvent> events(String providerKey, int limit) {
        lock.lock();
        try {
            List<ProviderEvent> own = events.stream().filter(e -> e.providerKey().equals(providerKey)).toList();
            return List.copyOf(own.subList(Math.max(0, own.size() - limit), own.size()));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int scheduleReverification(String providerKey, boolean clientCredentials, Instant start,
            Duration spacing) {
        return connections.scheduleMisconfigured(providerKey, clientCredentials, start, spacing);
    }

    private ProviderEvent append(String providerKey, Instant at, ProviderEventType type, Cause cause) {
        ProviderEvent event = new ProviderEvent(events.size() + 1L, providerKey, at, type, cause,
                misconfigured(providerKey));
        events.add(event);
        return event;
    }

    private int misconfigured(String providerKey) {
        return (int) connections.all().stream()
                .filter(c -> c.providerKey().equals(providerKey) && c.state() == ConnectionState.MISCONFIGURED)
                .count();
    }
}
