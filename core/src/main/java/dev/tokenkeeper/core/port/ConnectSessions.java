package dev.tokenkeeper.core.port;

import dev.tokenkeeper.core.token.Secret;
import java.time.Instant;

/**
 * Keeps pending connect sessions, found by the SHA-256 of their {@code state} (the state itself is never stored),
 * with the code verifier encrypted at rest, and hands each one out at most once.
 */
public interface ConnectSessions {

    /**
     * Stores a new session.
     *
     * @throws IllegalArgumentException when a session with the same id or state is stored already
     */
    void create(ConnectSession session);

    /**
     * Uses the session whose state this is, atomically: of any number of concurrent callers presenting the same
     * state, exactly one gets {@link SessionConsumption.Consumed}, and only while {@code now} is before the session's
     * expiry. The session keeps being recognized ({@link SessionConsumption.AlreadyUsed},
     * {@link SessionConsumption.Expired}) until it is {@link #purge purged}; its code verifier is dropped once used.
     *
     * @return the session with {@code state} as its state, or why there is none to use
     */
    SessionConsumption consume(Secret state, Instant now);

    /**
     * Deletes the sessions that expired before {@code cutoff}, used or not.
     *
     * @return how many were deleted
     */
    int purge(Instant cutoff);
}
