package dev.tokenkeeper.fake;

import dev.tokenkeeper.fake.TokenOutcome.Issued;
import dev.tokenkeeper.fake.TokenOutcome.Rejected;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Set;
import java.util.TreeSet;

/** The {@code refresh_token} grant (RFC 6749 §6) with rotation, reuse detection, grace period and cap. */
final class RefreshFlow {
    static final String REUSE_DESCRIPTION = "Maximum allowed refresh token reuse exceeded";
    static final String CAPPED_DESCRIPTION = "Refresh token limit exceeded: a newer refresh token of this client and"
            + " user replaced this one";
    private static final String INVALID = "Token has been expired or revoked.";

    private final GrantRegistry registry;
    private final QuirkScopes quirks;
    private final InstantSource clock;

    RefreshFlow(GrantRegistry registry, QuirkScopes quirks, InstantSource clock) {
        this.registry = registry;
        this.quirks = quirks;
        this.clock = clock;
    }

    TokenOutcome refresh(String clientId, Form form) {
        String presented = form.get("refresh_token");
        if (presented == null) {
            return Rejected.invalidRequest("refresh_token is required");
        }
        Grant grant = registry.ofRefreshToken(presented);
        if (grant == null) {
            grant = registry.adopt(presented, clientId);
        }
        if (grant == null) {
            return Rejected.invalidGrant(null, INVALID);
        }
        if (!grant.clientId().equals(clientId)) {
            return Rejected.invalidGrant(grant.id(), "The refresh token was issued to another client");
        }
        String scope = narrowedScope(grant.scopes(), form.get("scope"));
        if (scope == null) {
            return new Rejected(grant.id(), 400, "invalid_scope", "The requested scope exceeds the granted scope");
        }
        grant.lock().lock();
        try {
            return refreshLocked(grant, presented, scope, clientId);
        } finally {
            grant.lock().unlock();
        }
    }

    /** The scopes of the new access token, or null if the request asks for more than was granted. */
    static String narrowedScope(Set<String> granted, String requested) {
        Set<String> scopes = new TreeSet<>(requested == null ? granted : Set.of(requested.trim().split(" +")));
        return granted.containsAll(scopes) ? String.join(" ", scopes) : null;
    }

    private TokenOutcome refreshLocked(Grant grant, String presented, String scope, String clientId) {
        if (grant.isRevoked()) {
            return Rejected.invalidGrant(grant.id(), INVALID);
        }
        Duration grace = quirk(Quirk.REUSE_GRACE, clientId, grant);
        return switch (grant.stateOf(presented, clock.instant(), grace)) {
            case LIVE -> issue(grant, presented, scope, clientId);
            case WITHIN_GRACE -> issued(grant, grant.currentRefreshToken(), scope, clientId);
            case ROTATED -> reused(grant, clientId);
            case CAPPED -> Rejected.invalidGrant(grant.id(), CAPPED_DESCRIPTION);
            case UNKNOWN -> Rejected.invalidGrant(grant.id(), INVALID);
        };
    }

    private TokenOutcome issue(Grant grant, String presented, String scope, String clientId) {
        int cap = quirk(Quirk.REFRESH_TOKEN_CAP, clientId, grant);
        String refreshToken = switch (quirk(Quirk.REFRESH_TOKENS, clientId, grant)) {
            case REUSE -> presented;
            case ROTATE -> registry.rotate(grant, presented, cap);
            case MINT -> registry.mintRefreshToken(grant, cap);
        };
        return issued(grant, refreshToken, scope, clientId);
    }

    private Issued issued(Grant grant, String refreshToken, String scope, String clientId) {
        Duration lifetime = quirk(Quirk.ACCESS_TOKEN_LIFETIME, clientId, grant);
        return new Issued(grant.id(), registry.mintAccessToken(grant, lifetime, scope), refreshToken, lifetime, true);
    }

    private Rejected reused(Grant grant, String clientId) {
        if (!quirk(Quirk.REUSE_DETECTION, clientId, grant)) {
            return Rejected.invalidGrant(grant.id(), "The refresh token has been rotated");
        }
        registry.revoke(grant, RevocationReason.REFRESH_TOKEN_REUSE);
        return Rejected.invalidGrant(grant.id(), REUSE_DESCRIPTION);
    }

    private <T> T quirk(Quirk<T> quirk, String clientId, Grant grant) {
        return quirks.resolve(quirk, clientId, grant.id());
    }
}
