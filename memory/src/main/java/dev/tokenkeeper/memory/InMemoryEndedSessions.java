package dev.tokenkeeper.memory;

import dev.tokenkeeper.core.port.EndedSessions;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** {@link EndedSessions} in memory, for one process. */
public final class InMemoryEndedSessions implements EndedSessions {
    private final Map<String, Instant> ended = new ConcurrentHashMap<>();

    @Override
    public void end(String sessionId, Instant expiresAt) {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(expiresAt, "expiresAt");
        ended.merge(sessionId, expiresAt, (a, b) -> a.isAfter(b) ? a : b);
    }

    @Override
    public boolean ended(String sessionId, Instant now) {
        Instant expiresAt = ended.get(sessionId);
        return expiresAt != null && expiresAt.isAfter(now);
    }

    @Override
    public int forgetExpired(Instant now) {
        int before = ended.size();
        ended.values().removeIf(expiresAt -> !expiresAt.isAfter(now));
        return before - ended.size();
    }
}
