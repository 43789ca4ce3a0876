package dev.tokenkeeper.fake;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every grant and token of the provider, indexed by token value; token changes hold the grant's lock. */
final class GrantRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(GrantRegistry.class);

    private final InstantSource clock;
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, Grant> grants = new ConcurrentHashMap<>();
    private final Map<String, Grant> bySubject = new ConcurrentHashMap<>();
    private final Map<String, Grant> byRefreshToken = new ConcurrentHashMap<>();
    private final Map<String, AccessToken> byAccessToken = new ConcurrentHashMap<>();
    private final Queue<GrantRevocation> revocations = new ConcurrentLinkedQueue<>();
    private volatile String adoptedPrefix;

    GrantRegistry(InstantSource clock) {
        this.clock = clock;
    }

    /** A new grant for a new subject. */
    Grant create(String clientId, Set<String> scopes) {
        long n = sequence.incrementAndGet();
        Grant grant = new Grant("grant-" + n, clientId, "user-" + n, scopes);
        grants.put(grant.id(), grant);
        bySubject.put(clientId + "\n" + grant.subject(), grant);
        return grant;
    }

    /** The client's live grant for this subject, or a new one; null subject always creates a new grant. */
    Grant joinOrCreate(String clientId, String subject, Set<String> scopes) {
        if (subject == null) {
            return create(clientId, scopes);
        }
        return bySubject.compute(clientId + "\n" + subject, (key, existing) -> {
            if (existing != null && !existing.isRevoked()) {
                return existing;
            }
            Grant grant = new Grant("grant-" + sequence.incrementAndGet(), clientId, subject, scopes);
            grants.put(grant.id(), grant);
            return grant;
        });
    }

    Grant byId(String grantId) {
        return grants.get(grantId);
    }

    Grant ofRefreshToken(String refreshToken) {
        return refreshToken == null ? null : byRefreshToken.get(refreshToken);
    }

    /** From now on, unknown refresh tokens starting with {@code prefix} are adopted (see {@link #adopt}). */
    void adoptRefreshTokensWithPrefix(String prefix) {
        this.adoptedPrefix = prefix;
    }

    /**
     * The grant of a refresh token this provider never issued (or no longer remembers) that starts with the adopted
     * prefix: a new grant of the client, with this token live; null when there is no prefix or it does not match.
     */
    Grant adopt(String refreshToken, String clientId) {
        String prefix = adoptedPrefix;
        if (prefix == null || refreshToken == null || !refreshToken.startsWith(prefix)) {
            return null;
        }
        return byRefreshToken.computeIfAbsent(refreshToken, token -> {
            Grant grant = create(clientId, Set.of());
            grant.lock().lock();
            try {
                grant.addRefreshToken(token, Integer.MAX_VALUE);
            } finally {
                grant.lock().unlock();
            }
            return grant;
        });
    }

    AccessToken accessToken(String value) {
        return value == null ? null : byAccessToken.get(value);
    }

    /** Issues a new access token on a grant whose lock is held. */
    AccessToken mintAccessToken(Grant grant, Duration lifetime, String scope) {
        Instant now = clock.instant();
        AccessToken token = new AccessToken(Tokens.random("at_"), grant, now.plus(lifetime), scope);
        byAccessToken.put(token.value(), token);
        grant.addAccessToken(token, now).forEach(old -> byAccessToken.remove(old.value()));
        return token;
    }

    /** Issues a new live refresh token on a grant whose lock is held, invalidating the oldest over the cap. */
    String mintRefreshToken(Grant grant, int cap) {
        String token = Tokens.random("rt_");
        byRefreshToken.put(token, grant);
        grant.addRefreshToken(token, cap).forEach(byRefreshToken::remove);
        return token;
    }

    /** Replaces a live refresh token of a grant whose lock is held by a new one. */
    String rotate(Grant grant, String presented, int cap) {
        grant.rotate(presented, clock.instant()).forEach(byRefreshToken::remove);
        return mintRefreshToken(grant, cap);
    }

    /** Revokes the whole grant; a grant already revoked keeps its first reason. */
    void revoke(Grant grant, RevocationReason reason) {
        grant.lock().lock();
        try {
            if (grant.isRevoked()) {
                return;
            }
            GrantRevocation revocation = new GrantRevocation(grant.id(), reason, clock.instant());
            grant.revoke(revocation);
            revocations.add(revocation);
            LOG.debug("grant {} revoked: {}", grant.id(), reason);
        } finally {
            grant.lock().unlock();
        }
    }

    /** Makes the grant's access tokens expire now; they stay known, so requests with them are still attributed. */
    void expireAccessTokens(Grant grant) {
        grant.lock().lock();
        try {
            grant.expireAccessTokens(clock.instant()).forEach(token -> byAccessToken.put(token.value(), token));
        } finally {
            grant.lock().unlock();
        }
    }

    void revokeAccessToken(AccessToken token) {
        token.grant().lock().lock();
        try {
            token.grant().removeAccessToken(token);
            byAccessToken.remove(token.value());
        } finally {
            token.grant().lock().unlock();
        }
    }

    List<GrantRevocation> revocations() {
        return List.copyOf(revocations);
    }
}
