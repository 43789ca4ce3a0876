package dev.tokenkeeper.core.connection;

import dev.tokenkeeper.core.cause.Cause;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What is wrong with a connection now, from its stored state alone: the cause of a stale connection's last error, the
 * named condition {@code refresh_failing} once retryable failures have lasted past the escalation period, the cause of
 * a retryable failure while it lasts, {@code no_refresh_token} for an active grant whose access token expires but that
 * has no refresh token to renew it, {@code refresh_token_expiring} for one whose refresh token itself expires within
 * {@link ConnectionLifecycle#REFRESH_TOKEN_WARNING}, else {@code none}. {@code GET /v1/connections/{id}} shows it;
 * a diagnosis starts from it.
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
                    : healthy(connection, now);
        }
        if (connection.state().isStale()) {
            return new CurrentCause(error.reason().cause(), error.since());
        }
        if (connection.consecutiveFailures() == 0) {
            return healthy(connection, now);
        }
        if (error.failingFor(now).compareTo(refreshFailingAfter) >= 0) {
            return new CurrentCause(Cause.REFRESH_FAILING, error.since());
        }
        return new CurrentCause(error.reason().cause(), error.since());
    }

    /** A working grant's cause: its refresh token expiring soon (the end user will have to reconnect), else none. */
    private static CurrentCause healthy(Connection connection, Instant now) {
        Instant expiresAt = connection.tokens().refreshTokenExpiresAt();
        if (expiresAt != null && Duration.between(now, expiresAt).compareTo(ConnectionLifecycle.REFRESH_TOKEN_WARNING)
                <= 0) {
            return new CurrentCause(Cause.REFRESH_TOKEN_EXPIRING, expiresAt.minus(
                    ConnectionLifecycle.REFRESH_TOKEN_WARNING));
        }
        return new CurrentCause(Cause.NONE, null);
    }
}
