package dev.tokenkeeper.core.refresh;

import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionEvent.RefreshAttempted;
import dev.tokenkeeper.core.connection.ConnectionLifecycle;
import dev.tokenkeeper.core.connection.Transition;
import dev.tokenkeeper.core.port.ConnectionStore;
import dev.tokenkeeper.core.port.Lease;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records an attempt that ended in an exception (a parser bug, a store that refused the commit, anything) as a
 * retryable {@code internal_error} with backoff, so that nothing unexpected turns into an immediate retry loop. When
 * even that record cannot be stored, the caller keeps the lease: it runs out after the lease length, which spaces the
 * retries while the store is broken.
 *
 * <p>A failure after the attempt was marked started (its request may have reached the provider, which may have
 * rotated the refresh token: a commit that threw after a success) is recorded without settling that mark, so the
 * next holder applies the crash-window rules (resend only where safe, introspection, else {@code needs_reauth} with
 * {@code refresh_interrupted}) instead of sending a refresh token the provider may already have replaced.
 */
final class CrashedAttempts {
    private static final Logger LOG = LoggerFactory.getLogger(RefreshEngine.class);
    static final String CODE = "internal_error";

    private final ConnectionStore store;
    private final InstantSource clock;
    private final RefreshSettings settings;
    private final RandomGenerator random;

    CrashedAttempts(ConnectionStore store, InstantSource clock, RefreshSettings settings, RandomGenerator random) {
        this.store = store;
        this.clock = clock;
        this.settings = settings;
        this.random = random;
    }

    /**
     * Stores {@code crash} as the retryable failure of an attempt on {@code current} under {@code lease}.
     *
     * @throws UnrecordedAttemptException when the store failed too: the lease must be kept, not released
     */
    TokenAnswer record(Connection current, Lease lease, RuntimeException crash, boolean mayHaveSent) {
        String what = crash.getClass().getName();
        LOG.error("refresh_attempt_crashed connection={} fence={} error={} message={} at={}", current.id(),
                lease.fence(), what, Redactor.redactText(Redactor.cut(crash.getMessage(), FailureReason.MAX_TEXT)),
                crash.getStackTrace().length == 0 ? "?" : crash.getStackTrace()[0]);
        Instant now = clock.instant();
        Duration wait = settings.backoff().delay(current.consecutiveFailures(), random);
        FailureReason reason = FailureReason.of(CODE, "the refresh attempt failed inside Tokenkeeper (" + what
                + "); it is retried after the backoff");
        RefreshAttempted attempt = new RefreshAttempted(current.id(), now, Duration.ZERO, null, null, null, null,
                FailureClass.RETRYABLE, CODE, "", List.of("failed inside Tokenkeeper: " + what + (mayHaveSent
                        ? "; the request may have reached the provider: the next attempt treats it as interrupted"
                        : "; no request was sent")), lease.fence());
        Transition transition = ConnectionLifecycle.afterAttempt(current, new RefreshOutcome.RetryLater(wait, reason),
                attempt, now, null, settings.escalation().refreshFailingAfter());
        boolean committed;
        try {
            // Without the lease, the commit leaves the started mark in place (the generation still guards it, and
            // this holder still holds the lease, so no other holder can have written meanwhile under one): this
            // attempt's request may have left, or an earlier holder's interrupted one is still unsettled.
            boolean keepMark = mayHaveSent || lease.interruptedAttempt();
            committed = store.commit(transition, current.generation(), keepMark ? null : lease);
        } catch (RuntimeException storeFailure) {
            storeFailure.addSuppressed(crash);
            LOG.error("refresh_attempt_unrecorded connection={} fence={} error={}: the lease is kept until it runs"
                    + " out ({}), so the next attempt waits at least that long", current.id(), lease.fence(),
                    storeFailure.getClass().getName(), settings.leaseTtl());
            throw new UnrecordedAttemptException(current.id(), storeFailure);
        }
        if (committed) {
            return TokenAnswer.whileBackingOff(transition.after(), now);
        }
        // Someone wrote meanwhile (maybe this attempt before it crashed): what is stored is the answer.
        return store.find(current.id()).map(stored -> stored.state().isStale()
                        ? TokenAnswer.stale(stored)
                        : TokenAnswer.whileBackingOff(stored, now))
                .orElseGet(() -> new TokenAnswer.NotFound(current.id()));
    }

    /** An attempt that failed and whose failure could not be stored either; its lease is kept until it runs out. */
    static final class UnrecordedAttemptException extends RuntimeException {
        UnrecordedAttemptException(String connectionId, RuntimeException cause) {
            super("the refresh attempt of " + connectionId + " failed and could not be recorded", cause);
        }
    }
}
