package dev.tokenkeeper.memory;

import dev.tokenkeeper.core.port.ReconnectLink;
import dev.tokenkeeper.core.port.ReconnectLinkStore;
import dev.tokenkeeper.core.token.Secret;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/** {@link ReconnectLinkStore} in memory, keyed by the SHA-256 of the token as the PostgreSQL adapter is. */
public final class InMemoryReconnectLinkStore implements ReconnectLinkStore {
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, ReconnectLink> byId = new HashMap<>();
    private final Map<String, String> idByTokenHash = new HashMap<>();
    private final Map<String, String> linkIdBySession = new HashMap<>();

    @Override
    public void create(ReconnectLink link, Secret token) {
        String hash = HexFormat.of().formatHex(ReconnectLinkStore.tokenHash(token));
        locked(() -> {
            if (byId.containsKey(link.id()) || idByTokenHash.containsKey(hash)) {
                throw new IllegalStateException("a reconnect link with this id or token exists: " + link.id());
            }
            if (!link.expiresAt().isAfter(link.createdAt())) {
                throw new IllegalArgumentException("a reconnect link must expire after its creation: " + link.id());
            }
            byId.put(link.id(), new ReconnectLink(link.id(), link.connectionId(), link.redirectAfter(),
                    link.createdAt(), link.expiresAt(), null, null));
            idByTokenHash.put(hash, link.id());
            return null;
        });
    }

    @Override
    public Optional<ReconnectLink> byToken(Secret token) {
        String hash = HexFormat.of().formatHex(ReconnectLinkStore.tokenHash(token));
        return locked(() -> Optional.ofNullable(idByTokenHash.get(hash)).map(byId::get));
    }

    @Override
    public Optional<ReconnectLink> revoke(String id, Instant now) {
        return locked(() -> Optional.ofNullable(byId.computeIfPresent(id, (key, link) -> link.revokedAt() != null
                ? link : new ReconnectLink(link.id(), link.connectionId(), link.redirectAfter(), link.createdAt(),
                        link.expiresAt(), link.usedAt(), now))));
    }

    @Override
    public void startedSession(String linkId, String sessionId) {
        locked(() -> {
            if (!byId.containsKey(linkId) || linkIdBySession.containsKey(sessionId)) {
                throw new IllegalStateException("no such link, or the session is known: " + linkId + " " + sessionId);
            }
            return linkIdBySession.put(sessionId, linkId);
        });
    }

    @Override
    public void sessionCompleted(String sessionId, Instant now) {
        locked(() -> {
            String linkId = linkIdBySession.get(sessionId);
            return linkId == null ? null : byId.computeIfPresent(linkId, (key, link) -> link.usedAt() != null
                    ? link : new ReconnectLink(link.id(), link.connectionId(), link.redirectAfter(), link.createdAt(),
                            link.expiresAt(), now, link.revokedAt()));
        });
    }

    @Override
    public int purge(Instant before) {
        return locked(() -> {
            int before0 = byId.size();
            byId.values().removeIf(link -> link.expiresAt().isBefore(before)
                    || link.usedAt() != null && link.usedAt().isBefore(before));
            idByTokenHash.values().removeIf(id -> !byId.containsKey(id));
            linkIdBySession.values().removeIf(id -> !byId.containsKey(id));
            return before0 - byId.size();
        });
    }

    private <T> T locked(Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}
