package dev.tokenkeeper.fake;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.SequencedMap;
import java.util.SequencedSet;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One authorization of a client by a subject and the tokens issued on it; state changes hold {@link #lock()}.
 */
final class Grant {
    /**
     * How many retired (rotated or capped) refresh tokens a grant remembers, for reuse detection and for
     * attributing requests to it; older ones are forgotten and answer {@code invalid_grant} as unknown tokens.
     */
    static final int REMEMBERED_RETIRED_TOKENS = 100;
    /** How many unexpired access tokens one grant keeps; minting more invalidates the oldest. */
    static final int MAX_LIVE_ACCESS_TOKENS = 1_000;

    /** Where a presented refresh token stands in its grant. */
    enum RefreshTokenState { LIVE, WITHIN_GRACE, ROTATED, CAPPED, UNKNOWN }

    private final String id;
    private final String clientId;
    private final String subject;
    private final Set<String> scopes;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile GrantRevocation revocation;
    private final SequencedSet<String> liveRefreshTokens = new LinkedHashSet<>();
    private final SequencedMap<String, RefreshTokenState> retiredRefreshTokens = new LinkedHashMap<>();
    private String previousRefreshToken;
    private Instant previousRotatedAt;
    private final Deque<AccessToken> accessTokens = new ArrayDeque<>();

    Grant(String id, String clientId, String subject, Set<String> scopes) {
        this.id = Objects.requireNonNull(id);
        this.clientId = Objects.requireNonNull(clientId);
        this.subject = Objects.requireNonNull(subject);
        this.scopes = Set.copyOf(scopes);
    }

    String id() {
        return id;
    }

    String clientId() {
        return clientId;
    }

    String subject() {
        return subject;
    }

    Set<String> scopes() {
        return scopes;
    }

    ReentrantLock lock() {
        return lock;
    }

    boolean isRevoked() {
        return revocation != null;
    }

    GrantRevocation revocation() {
        return revocation;
    }

    RefreshTokenState stateOf(String refreshToken, Instant now, Duration grace) {
        assert lock.isHeldByCurrentThread();
        if (liveRefreshTokens.contains(refreshToken)) {
            return RefreshTokenState.LIVE;
        }
        if (refreshToken.equals(previousRefreshToken) && now.isBefore(previousRotatedAt.plus(grace))) {
            return RefreshTokenState.WITHIN_GRACE;
        }
        return retiredRefreshTokens.getOrDefault(refreshToken, RefreshTokenState.UNKNOWN);
    }

    /** The newest live refresh token, or null (also once revoked). */
    String currentRefreshToken() {
        assert lock.isHeldByCurrentThread();
        return liveRefreshTokens.isEmpty() || isRevoked() ? null : liveRefreshTokens.getLast();
    }

    /** Adds a live refresh token, retiring the oldest over the cap; returns the tokens no longer remembered. */
    List<String> addRefreshToken(String token, int cap) {
        assert lock.isHeldByCurrentThread();
        liveRefreshTokens.addLast(token);
        List<String> forgotten = new ArrayList<>();
        while (liveRefreshTokens.size() > cap) {
            forgotten.addAll(retire(liveRefreshTokens.removeFirst(), RefreshTokenState.CAPPED));
        }
        return forgotten;
    }

    /** Marks a live refresh token rotated; returns the tokens no longer remembered. */
    List<String> rotate(String token, Instant now) {
        assert lock.isHeldByCurrentThread();
        liveRefreshTokens.remove(token);
        previousRefreshToken = token;
        previousRotatedAt = now;
        return retire(token, RefreshTokenState.ROTATED);
    }

    private List<String> retire(String token, RefreshTokenState why) {
        retiredRefreshTokens.putLast(token, why);
        List<String> forgotten = new ArrayList<>();
        while (retiredRefreshTokens.size() > REMEMBERED_RETIRED_TOKENS) {
            forgotten.add(retiredRefreshTokens.pollFirstEntry().getKey());
        }
        return forgotten;
    }

    /** Adds an access token and returns the expired or surplus ones it retires. */
    List<AccessToken> addAccessToken(AccessToken token, Instant now) {
        assert lock.isHeldByCurrentThread();
        List<AccessToken> retired = new ArrayList<>();
        accessTokens.removeIf(old -> !now.isBefore(old.expiresAt()) && retired.add(old));
        accessTokens.addLast(token);
        while (accessTokens.size() > MAX_LIVE_ACCESS_TOKENS) {
            retired.add(accessTokens.removeFirst());
        }
        return retired;
    }

    /** Makes every access token expire at {@code now} at the latest; returns them as they are now. */
    List<AccessToken> expireAccessTokens(Instant now) {
        assert lock.isHeldByCurrentThread();
        List<AccessToken> expired = accessTokens.stream().map(token -> token.expiredBy(now)).toList();
        accessTokens.clear();
        accessTokens.addAll(expired);
        return expired;
    }

    boolean removeAccessToken(AccessToken token) {
        assert lock.isHeldByCurrentThread();
        return accessTokens.remove(token);
    }

    /** The newest unexpired access token, or null. */
    AccessToken currentAccessToken(Instant now) {
        assert lock.isHeldByCurrentThread();
        AccessToken newest = accessTokens.peekLast();
        return newest != null && newest.validAt(now) ? newest : null;
    }

    /** Revokes the grant: its tokens stay known (so requests are still attributed to it) but never work again. */
    void revoke(GrantRevocation why) {
        assert lock.isHeldByCurrentThread();
        revocation = why;
    }
}
