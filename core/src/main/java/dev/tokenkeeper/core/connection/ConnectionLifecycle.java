package dev.tokenkeeper.core.connection;

import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.core.connection.ConnectionEvent.RefreshAttempted;
import dev.tokenkeeper.core.connection.ConnectionEvent.StateChanged;
import dev.tokenkeeper.core.refresh.FailureClass;
import dev.tokenkeeper.core.refresh.FailureReason;
import dev.tokenkeeper.core.refresh.RefreshOutcome;
import dev.tokenkeeper.core.token.TokenSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The lifecycle rules: how each event moves a connection between states and which events it emits.
 *
 * <p>A transition into a new state emits one event; a repeated failure in the same state emits only its attempt
 * record, so a dead grant produces one {@code needs_reauth}, not one per caller.
 */
public final class ConnectionLifecycle {

    /** How long retryable failures may last before they escalate to {@code refresh_failing}, unless configured. */
    public static final Duration DEFAULT_ESCALATION = Duration.ofDays(3);

    private static final FailureReason NO_REFRESH_TOKEN = FailureReason.of("no_refresh_token",
            "The provider issued no refresh token: the grant dies when its access token expires.",
            Cause.NO_REFRESH_TOKEN);

    /** How long before a refresh token's own expiry that refreshing does not extend the user is warned. */
    public static final Duration REFRESH_TOKEN_WARNING = Duration.ofDays(7);

    private ConnectionLifecycle() {}

    /**
     * A new connection from imported or freshly exchanged tokens. Its {@code connection.created} event carries the
     * reason {@code no_refresh_token} (cause {@link Cause#NO_REFRESH_TOKEN}) when the access token expires and nothing
     * could renew it.
     */
    public static Transition created(String id, String providerKey, TokenSet tokens, Map<String, String> metadata,
            Instant now, Instant nextRefreshAt) {
        return creation(id, providerKey, tokens, metadata, now, nextRefreshAt,
                lacksRefreshToken(tokens) ? NO_REFRESH_TOKEN : null);
    }

    /**
     * A new client-credentials connection from the first token its client asked for: nothing is scheduled (a token is
     * asked for again when one is needed, ahead of expiry or once expired) and no refresh token is missing.
     */
    public static Transition createdWithClientCredentials(String id, String providerKey, TokenSet tokens,
            Map<String, String> metadata, Instant now) {
        return creation(id, providerKey, tokens, metadata, now, null, null);
    }

    private static Transition creation(String id, String providerKey, TokenSet tokens, Map<String, String> metadata,
            Instant now, Instant nextRefreshAt, FailureReason reason) {
        Connection connection = new Connection(id, providerKey, ConnectionState.ACTIVE, tokens, 1, nextRefreshAt,
                null, 0, 0, null, metadata, now, now, now);
        return new Transition(connection, List.of(
                new StateChanged(id, now, EventType.CREATED, null, ConnectionState.ACTIVE, reason)));
    }

    /** True when the access token expires and there is no refresh token to renew it (a grant that will die). */
    public static boolean lacksRefreshToken(TokenSet tokens) {
        return tokens.expiresAt() != null && tokens.refreshToken() == null;
    }

    /**
     * The timeline entry of a failed reconnect of {@code connection}: {@code connect.failed}, from and to its current
     * state (the connection is not changed), with why.
     */
    public static StateChanged connectFailed(Connection connection, FailureReason reason, Instant now) {
        return new StateChanged(connection.id(), now, EventType.CONNECT_FAILED, connection.state(),
                connection.state(), reason);
    }

    /**
     * The result of a refresh attempt: for {@link RefreshOutcome.Refreshed} the tokens must already be merged with
     * the previous ones.
     *
     * @param nextRefreshAt for a success, the proactive refresh time (null if expiry is unknown); ignored otherwise
     */
    public static Transition afterAttempt(Connection before, RefreshOutcome outcome, RefreshAttempted attempt,
            Instant now, Instant nextRefreshAt) {
        return afterAttempt(before, outcome, attempt, now, nextRefreshAt, DEFAULT_ESCALATION);
    }

    /**
     * As {@link #afterAttempt(Connection, RefreshOutcome, RefreshAttempted, Instant, Instant)}; a retryable failure
     * whose streak has lasted {@code escalateAfter} emits {@code connection.refresh_failing}, once per streak. A success
     * of a stale connection (a re-verification after a config change) reactivates it.
     */
    public static Transition afterAttempt(Connection before, RefreshOutcome outcome, RefreshAttempted attempt,
            Instant now, Instant nextRefreshAt, Duration escalateAfter) {
        return switch (outcome) {
            case RefreshOutcome.Refreshed refreshed -> refreshed(before, refreshed, attempt, now, nextRefreshAt);
            case RefreshOutcome.RetryLater retry -> retryLater(before, retry, attempt, now, escalateAfter);
            case RefreshOutcome.NeedsReauth dead ->
                    stale(before, ConnectionState.NEEDS_REAUTH, FailureClass.NEEDS_REAUTH, dead.reason(), attempt, now);
            case RefreshOutcome.Misconfigured broken -> stale(before, ConnectionState.MISCONFIGURED,
                    FailureClass.MISCONFIGURED, broken.reason(), attempt, now);
        };
    }

    /** A connection that cannot be refreshed at all (e.g. no refresh token, unknown provider), without an attempt. */
    public static Transition unrefreshable(Connection before, ConnectionState newState, FailureReason reason,
            Instant now) {
        FailureClass failureClass = newState == ConnectionState.MISCONFIGURED
                ? FailureClass.MISCONFIGURED
                : FailureClass.NEEDS_REAUTH;
        return stale(before, newState, failureClass, reason, null, now);
    }

    /** The user reconnected (or the tokens were re-imported): the connection is active again with new tokens. */
    public static Transition reconnected(Connection before, TokenSet tokens, Instant now, Instant nextRefreshAt) {
        Connection after = before.withNewGrant(tokens, nextRefreshAt, now);
        List<ConnectionEvent> events = before.state().isStale()
                ? List.of(new StateChanged(before.id(), now, EventType.REACTIVATED, before.state(),
                        ConnectionState.ACTIVE, null))
                : List.of();
        return new Transition(after, events, true);
    }

    private static Transition refreshed(Connection before, RefreshOutcome.Refreshed refreshed,
            RefreshAttempted attempt, Instant now, Instant nextRefreshAt) {
        Connection after = before.with(ConnectionState.ACTIVE, refreshed.tokens(), nextRefreshAt, attempt.at(),
                before.refreshCount() + 1, 0, null, now);
        List<ConnectionEvent> events = new ArrayList<>(List.of(attempt));
        if (before.state().isStale()) {
            events.add(new StateChanged(before.id(), now, EventType.REACTIVATED, before.state(),
                    ConnectionState.ACTIVE, null));
        }
        if (refreshTokenNowExpiring(before, after.tokens(), attempt.at())) {
            Instant expiresAt = after.tokens().refreshTokenExpiresAt();
            events.add(new StateChanged(before.id(), now, EventType.REFRESH_TOKEN_EXPIRING, ConnectionState.ACTIVE,
                    ConnectionState.ACTIVE, FailureReason.of("refresh_token_expiring", "The refresh token expires at "
                            + expiresAt + " and refreshing does not extend it: the user must reconnect before then.",
                            Cause.REFRESH_TOKEN_EXPIRING)));
        }
        return new Transition(after, events);
    }

    /**
     * Whether this refresh, sent at {@code at}, is the first to see the refresh token's own expiry within
     * {@link #REFRESH_TOKEN_WARNING} without extending it: a refresh token that every refresh extends (a rolling
     * expiry) is never warned about, one whose expiry stands (a maximum lifetime) is warned about once, at the first
     * refresh inside the window.
     */
    static boolean refreshTokenNowExpiring(Connection before, TokenSet after, Instant at) {
        Instant expiresAt = after.refreshTokenExpiresAt();
        Instant previous = before.tokens().refreshTokenExpiresAt();
        if (expiresAt == null || previous == null || expiresAt.isAfter(previous)
                || Duration.between(at, expiresAt).compareTo(REFRESH_TOKEN_WARNING) > 0) {
            return false;
        }
        Instant lastLook = before.lastRefreshedAt() != null ? before.lastRefreshedAt() : before.grantedAt();
        return Duration.between(lastLook, previous).compareTo(REFRESH_TOKEN_WARNING) > 0;
    }

    private static Transition retryLater(Connection before, RefreshOutcome.RetryLater retry,
            RefreshAttempted attempt, Instant now, Duration escalateAfter) {
        Instant since = streakSince(before, attempt.at());
        Connection after = before.with(before.state(), before.tokens(), now.plus(retry.after()),
                before.lastRefreshedAt(), before.refreshCount(), before.consecutiveFailures() + 1,
                new LastError(FailureClass.RETRYABLE, retry.reason(), attempt.at(), since), now);
        List<ConnectionEvent> events = new ArrayList<>(List.of(attempt));
        if (before.consecutiveFailures() == 0) {
            events.add(new StateChanged(before.id(), now, EventType.REFRESH_FAILED, before.state(), before.state(),
                    retry.reason()));
        }
        Instant escalatesAt = since.plus(escalateAfter);
        boolean escalatedBefore = before.consecutiveFailures() > 0 && before.lastError() != null
                && !before.lastError().at().isBefore(escalatesAt);
        if (!attempt.at().isBefore(escalatesAt) && !escalatedBefore) {
            events.add(new StateChanged(before.id(), now, EventType.REFRESH_FAILING, before.state(), before.state(),
                    retry.reason()));
        }
        return new Transition(after, events);
    }

    /** When the failure streak that {@code at} continues began: {@code at} itself after a success. */
    private static Instant streakSince(Connection before, Instant at) {
        return before.consecutiveFailures() > 0 && before.lastError() != null ? before.lastError().since() : at;
    }

    private static Transition stale(Connection before, ConnectionState newState, FailureClass failureClass,
            FailureReason reason, RefreshAttempted attempt, Instant now) {
        Instant at = attempt == null ? now : attempt.at();
        Connection after = before.with(newState, before.tokens(), null, before.lastRefreshedAt(),
                before.refreshCount(), before.consecutiveFailures(),
                new LastError(failureClass, reason, at, streakSince(before, at)), now);
        List<ConnectionEvent> events = new ArrayList<>();
        if (attempt != null) {
            events.add(attempt);
        }
        if (before.state() != newState) {
            EventType type = newState == ConnectionState.NEEDS_REAUTH ? EventType.NEEDS_REAUTH : EventType.MISCONFIGURED;
            events.add(new StateChanged(before.id(), now, type, before.state(), newState, reason));
        }
        return new Transition(after, events);
    }
}
