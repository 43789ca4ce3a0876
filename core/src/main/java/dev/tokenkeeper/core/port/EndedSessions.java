package dev.tokenkeeper.core.port;

import java.time.Instant;

/**
 * The console sessions signed out before they expired: a session lives in the browser's cookie, so a copy of the cookie
 * taken before the sign-out would still open it; this record refuses it until the moment it would have expired by
 * itself, after which the record may be forgotten. Session ids are opaque (the console stores a digest, never a
 * token).
 */
public interface EndedSessions {

    /** Records that the session {@code sessionId}, which would expire at {@code expiresAt}, has ended. */
    void end(String sessionId, Instant expiresAt);

    /** Whether the session {@code sessionId} was ended and would not have expired by {@code now}. */
    boolean ended(String sessionId, Instant now);

    /** Forgets the sessions that would have expired by {@code now}; answers how many. */
    int forgetExpired(Instant now);
}
