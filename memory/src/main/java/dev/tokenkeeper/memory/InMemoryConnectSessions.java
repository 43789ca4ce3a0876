package dev.tokenkeeper.memory;

import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.core.port.ConnectSession;
import dev.tokenkeeper.core.port.ConnectSessionError;
import dev.tokenkeeper.core.port.ConnectSessionStatus;
import dev.tokenkeeper.core.port.ConnectSessionStatus.State;
import dev.tokenkeeper.core.port.ConnectSessions;
import dev.tokenkeeper.core.port.SessionConsumption;
import dev.tokenkeeper.core.token.Secret;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/** {@link ConnectSessions} in memory, keyed by the SHA-256 of the state as the PostgreSQL adapter is. */
public final class InMemoryConnectSessions implements ConnectSessions {
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Stored> byStateHash = new HashMap<>();

    /**
     * A session and, once used, when; its code verifier is dropped when it is used. {@code ended} is null until the
     * session completed or failed; {@code connectionId} is the connection it made, {@code warnings} what is wrong with
     * its grant.
     */
    private record Stored(ConnectSession session, Instant usedAt, State ended, String connectionId,
            ConnectSessionError error, List<Cause> warnings) {
        Stored(ConnectSession session, Instant usedAt, State ended, String connectionId, ConnectSessionError error) {
            this(session, usedAt, ended, connectionId, error, List.of());
        }
    }

    @Override
    public void create(ConnectSession session) {
        String hash = hash(session.state());
        lock.lock();
        try {
            if (byId(session.id()).isPresent() || byStateHash.containsKey(hash)) {
                throw new IllegalArgumentException("a connect session with the id " + session.id()
                        + " or the same state is stored already");
            }
            byStateHash.put(hash, new Stored(session, null, null, session.connectionId(), null));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public SessionConsumption consume(Secret state, Instant now) {
        String hash = hash(state);
        lock.lock();
        try {
            Stored stored = byStateHash.get(hash);
            if (stored == null) {
                return new SessionConsumption.Unknown();
            }
            ConnectSession session = stored.session();
            if (stored.usedAt() != null) {
                return new SessionConsumption.AlreadyUsed(stored.usedAt(), session.id(), session.redirectAfter());
            }
            if (!now.isBefore(session.expiresAt())) {
                return new SessionConsumption.Expired(session.expiresAt(), session.id(), session.redirectAfter());
            }
            byStateHash.put(hash, new Stored(withoutVerifier(session), now, null, stored.connectionId(), null));
            return new SessionConsumption.Consumed(session);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void complete(String id, String connectionId, List<Cause> warnings, Instant now) {
        List<Cause> kept = List.copyOf(warnings);
        end(id, stored -> new Stored(stored.session(), stored.usedAt(), State.COMPLETED, connectionId, null, kept));
    }

    @Override
    public void fail(String id, ConnectSessionError error, Instant now) {
        end(id, stored -> new Stored(stored.session(), stored.usedAt(), State.FAILED, stored.connectionId(), error));
    }

    @Override
    public Optional<ConnectSessionStatus> status(String id, Instant now) {
        lock.lock();
        try {
            return byId(id).map(entry -> {
                Stored stored = entry.getValue();
                State state = stored.ended() != null ? stored.ended()
                        : now.isBefore(stored.session().expiresAt()) ? State.PENDING : State.EXPIRED;
                return new ConnectSessionStatus(id, stored.session().providerKey(), stored.connectionId(), state,
                        stored.error(), stored.warnings());
            });
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int purge(Instant cutoff) {
        lock.lock();
        try {
            List<String> old = byStateHash.entrySet().stream()
                    .filter(entry -> entry.getValue().session().expiresAt().isBefore(cutoff))
                    .sorted(Comparator.comparing(entry -> entry.getValue().session().expiresAt()))
                    .limit(PURGE_BATCH)
                    .map(Map.Entry::getKey)
                    .toList();
            old.forEach(byStateHash::remove);
            return old.size();
        } finally {
            lock.unlock();
        }
    }

    private void end(String id, UnaryOperator<Stored> ending) {
        lock.lock();
        try {
            byId(id).filter(entry -> entry.getValue().ended() == null)
                    .ifPresent(entry -> entry.setValue(ending.apply(entry.getValue())));
        } finally {
            lock.unlock();
        }
    }

    private Optional<Map.Entry<String, Stored>> byId(String id) {
        return byStateHash.entrySet().stream().filter(entry -> entry.getValue().session().id().equals(id)).findFirst();
    }

    private static ConnectSession withoutVerifier(ConnectSession session) {
        return new ConnectSession(session.id(), session.providerKey(), session.connectionId(), session.state(), null,
                session.redirectAfter(), session.metadata(), session.createdAt(), session.expiresAt(),
                session.connectionConfig());
    }

    private static String hash(Secret state) {
        return HexFormat.of().formatHex(state.sha256());
    }
}
