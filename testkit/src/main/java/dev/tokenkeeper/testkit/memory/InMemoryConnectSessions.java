package dev.tokenkeeper.testkit.memory;

import dev.tokenkeeper.core.port.ConnectSession;
import dev.tokenkeeper.core.port.ConnectSessions;
import dev.tokenkeeper.core.port.SessionConsumption;
import dev.tokenkeeper.core.token.Secret;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/** {@link ConnectSessions} in memory, keyed by the SHA-256 of the state as the PostgreSQL adapter is. */
public final class InMemoryConnectSessions implements ConnectSessions {
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Stored> byStateHash = new HashMap<>();

    /** A session and, once used, when; its code verifier is dropped when it is used. */
    private record Stored(ConnectSession session, Instant usedAt) {}

    @Override
    public void create(ConnectSession session) {
        String hash = hash(session.state());
        lock.lock();
        try {
            boolean idTaken = byStateHash.values().stream().anyMatch(s -> s.session().id().equals(session.id()));
            if (idTaken || byStateHash.containsKey(hash)) {
                throw new IllegalArgumentException("a connect session with the id " + session.id()
                        + " or the same state is stored already");
            }
            byStateHash.put(hash, new Stored(session, null));
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
            if (stored.usedAt() != null) {
                return new SessionConsumption.AlreadyUsed(stored.usedAt());
            }
            ConnectSession session = stored.session();
            if (!now.isBefore(session.expiresAt())) {
                return new SessionConsumption.Expired(session.expiresAt());
            }
            byStateHash.put(hash, new Stored(withoutVerifier(session), now));
            return new SessionConsumption.Consumed(session);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int purge(Instant cutoff) {
        lock.lock();
        try {
            int before = byStateHash.size();
            byStateHash.values().removeIf(stored -> stored.session().expiresAt().isBefore(cutoff));
            return before - byStateHash.size();
        } finally {
            lock.unlock();
        }
    }

    private static ConnectSession withoutVerifier(ConnectSession session) {
        return new ConnectSession(session.id(), session.providerKey(), session.connectionId(), session.state(), null,
                session.redirectAfter(), session.metadata(), session.createdAt(), session.expiresAt());
    }

    private static String hash(Secret state) {
        return HexFormat.of().formatHex(state.sha256());
    }
}
