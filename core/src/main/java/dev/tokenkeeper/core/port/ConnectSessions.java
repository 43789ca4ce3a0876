package dev.tokenkeeper.core.port;

import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.core.token.Secret;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Keeps connect sessions, found by the SHA-256 of their {@code state} (the state itself is never stored), with the
 * code verifier encrypted at rest; hands each one out at most once, and remembers how it ended until it is purged.
 */
public interface ConnectSessions {
    /** The most sessions one {@link #purge} deletes, so that no call holds the table for long. */
    int PURGE_BATCH = 1000;

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

    /** Records that the used session {@code id} connected {@code connectionId}; a session ends only once. */
    default void complete(String id, String connectionId, Instant now) {
        complete(id, connectionId, List.of(), now);
    }

    /**
     * Records that the used session {@code id} connected {@code connectionId} with a grant that has these
     * {@code warnings} (causes that do not stop it from working now); a session ends only once.
     */
    void complete(String id, String connectionId, List<Cause> warnings, Instant now);

    /** Records that the session {@code id} failed and why; a session ends only once. */
    void fail(String id, ConnectSessionError error, Instant now);

    /**
     * Where the session stands at {@code now}: completed or failed once it ended, expired when it ran out unended,
     * else pending.
     */
    Optional<ConnectSessionStatus> status(String id, Instant now);

    /**
     * Deletes sessions that expired before {@code cutoff}, used or not, ended or not: the oldest first, at most
     * {@value #PURGE_BATCH} per call.
     *
     * @return how many were deleted
     */
    int purge(Instant cutoff);
}
