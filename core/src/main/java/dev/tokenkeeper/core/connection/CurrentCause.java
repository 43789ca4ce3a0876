package dev.tokenkeeper.core.connection;

import dev.tokenkeeper.core.cause.Cause;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What is wrong with a connection now, from its stored state alone: the cause of a stale connection's last error, the
 * named condition {@code refresh_failing} once retryable failures have lasted past the escalation period, the cause of
 * a retryable failure while it lasts, {@code no_refresh_token} for an active grant whose access token expires but that
 * has no refresh token to renew it, else {@code none}. {@code GET /v1/connections/{id}} shows it; a diagnosis starts
 * from it.
 *
 * @param cause the cause
 * @param since when it began (the first failure of the streak), or null for {@code none}
 */
public record CurrentCause(Cause cause, Instant since) {
    public CurrentCause {
        Objects.requireNonNull(cause, "cause");
    }

    /** The connection's current cause at {@code now}. */
    public static CurrentCause of(Connection connection, Instant now, Duration refreshFailingAfter) {
        return of(connection, now, refreshFailingAfter, false);
    }

    /**
     * The connection's current cause at {@code now}; {@code clientCredentials} says its provider renews tokens with the
     * client's credentials, so that a missing refresh token is no cause.
     */
    public static CurrentCause of(Connection connection, Instant now, Duration refreshFailingAfter,
            boolean clientCredentials) {
        LastError error = connection.lastError();
        if (error == null) {
            return !clientCredentials && ConnectionLifecycle.lacksRefreshToken(connection.tokens())
                    ? new CurrentCause(Cause.NO_REFRESH_TOKEN, connection.grantedAt())
                    : new CurrentCause(Cause.NONE, null);
        }
        if (connection.state().isStale()) {
            return new CurrentCause(error.reason().cause(), error.since());
        }
        if (connection.consecutiveFailures() == 0) {
            return new CurrentCause(Cause.NONE, null);
        }
        if (error.failingFor(now).compareTo(refreshFailingAfter) >= 0) {
            return new CurrentCause(Cause.REFRESH_FAILING, error.since());
        }
        return new CurrentCause(error.reason().cause(), error.since());
    }
}
