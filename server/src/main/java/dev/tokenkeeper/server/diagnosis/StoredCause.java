package dev.tokenkeeper.server.diagnosis;

import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionEvent.RefreshAttempted;
import dev.tokenkeeper.core.connection.CurrentCause;
import dev.tokenkeeper.core.connection.LastError;
import dev.tokenkeeper.core.refresh.FailureReason;
import dev.tokenkeeper.server.connection.ConnectionService;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The cause a connection's stored state names ({@link CurrentCause}, refined by {@link GrantTimePatterns}), with its
 * evidence: the stored error in Tokenkeeper's and the provider's own words, the failing attempt from the timeline, the
 * grant's timing, the retry schedule, the escalation, and the host that could not be reached.
 */
final class StoredCause {
    private static final Set<Cause> HOST_CAUSES = EnumSet.of(Cause.PROVIDER_UNREACHABLE, Cause.TIMEOUT,
            Cause.TOKEN_HOST_UNREACHABLE, Cause.PROVIDER_URL_REFUSED);

    private final ConnectionService connections;
    private final InstantSource clock;
    private final Duration refreshFailingAfter;

    StoredCause(ConnectionService connections, InstantSource clock, Duration refreshFailingAfter) {
        this.connections = Objects.requireNonNull(connections, "connections");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.refreshFailingAfter = Objects.requireNonNull(refreshFailingAfter, "refreshFailingAfter");
    }

    /** The connection's cause now, read again from the store; its evidence goes to {@code inquiry}. */
    CurrentCause ofStored(String connectionId, Inquiry inquiry) {
        return of(connections.get(connectionId), inquiry);
    }

    /** The connection's cause; its evidence goes to {@code inquiry}. */
    CurrentCause of(Connection connection, Inquiry inquiry) {
        Instant now = clock.instant();
        CurrentCause current = CurrentCause.of(connection, now, refreshFailingAfter,
                connections.clientCredentials(connection));
        Cause cause = GrantTimePatterns.refine(current.cause(), connection).orElse(current.cause());
        if (cause == Cause.NONE) {
            return current;
        }
        LastError error = connection.lastError();
        if (error != null) {
            lastError(error, inquiry);
            Optional<RefreshAttempted> failing = Timeline.of(connections, connection.id()).newestFailure();
            failing.ifPresent(attempt -> inquiry.evidence(attempt.at(), Evidence.TIMELINE, Timeline.describe(attempt)));
            hostOf(cause, failing, inquiry);
        }
        GrantTimePatterns.describe(connection).ifPresent(
                timing -> inquiry.evidence(connection.lastError().at(), Evidence.CONNECTION, timing));
        schedule(connection, cause, now, inquiry);
        if (cause == Cause.NO_REFRESH_TOKEN) {
            inquiry.evidence(now, Evidence.CONNECTION, "the access token expires at "
                    + connection.tokens().expiresAt() + " and the grant has no refresh token to renew it");
        }
        return new CurrentCause(cause, current.since());
    }

    /** The stored error: Tokenkeeper's verdict, then the provider's status, error, description and subcode. */
    private static void lastError(LastError error, Inquiry inquiry) {
        FailureReason reason = error.reason();
        Instant at = error.at();
        inquiry.evidence(at, Evidence.LAST_ERROR, "the refresh failed: " + reason.code() + " ("
                + error.failureClass().wireName() + "): " + reason.message());
        if (reason.providerStatus() != null) {
            inquiry.evidence(at, Evidence.LAST_ERROR, "the provider answered HTTP " + reason.providerStatus());
        }
        if (reason.providerError() != null) {
            inquiry.evidence(at, Evidence.LAST_ERROR, "the provider's error: " + reason.providerError());
        }
        if (reason.providerDescription() != null) {
            inquiry.evidence(at, Evidence.LAST_ERROR, "the provider's description: " + reason.providerDescription());
        }
        if (reason.providerSubcode() != null) {
            inquiry.evidence(at, Evidence.LAST_ERROR, "the provider's subcode: " + reason.providerSubcode());
        }
    }

    private static void hostOf(Cause cause, Optional<RefreshAttempted> failing, Inquiry inquiry) {
        if (!HOST_CAUSES.contains(cause) || failing.isEmpty()) {
            return;
        }
        String host = Timeline.host(failing.get());
        if (host != null) {
            inquiry.evidence(failing.get().at(), Evidence.TIMELINE, "the host that failed: " + host
                    + " (from token_url or refresh_url: check it if the failure lasts)");
        }
    }

    /** When the next try is due, and how the streak of retryable failures stands against the escalation period. */
    private void schedule(Connection connection, Cause cause, Instant now, Inquiry inquiry) {
        if (connection.state().isStale() || connection.consecutiveFailures() == 0 || connection.lastError() == null) {
            return;
        }
        Instant since = connection.lastError().since();
        String streak = connection.consecutiveFailures() + " retryable failure(s) since " + since + " ("
                + Durations.words(connection.lastError().failingFor(now)) + ")";
        if (cause == Cause.REFRESH_FAILING) {
            inquiry.evidence(now, Evidence.CONNECTION, streak + ", past the escalation period of "
                    + Durations.words(refreshFailingAfter) + "; the latest failure's cause: "
                    + connection.lastError().reason().cause().code());
        } else {
            inquiry.evidence(now, Evidence.CONNECTION, streak + "; named refresh_failing from "
                    + since.plus(refreshFailingAfter) + " if it lasts");
        }
        if (connection.nextRefreshAt() != null) {
            inquiry.evidence(now, Evidence.CONNECTION, "the next refresh is due at " + connection.nextRefreshAt()
                    + (cause == Cause.RATE_LIMITED ? " (the provider's Retry-After)" : " (backoff)"));
        }
    }
}
