package dev.tokenkeeper.core.refresh;

import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.connection.LastError;
import dev.tokenkeeper.core.token.TokenSet;
import java.time.Instant;
import java.util.Objects;

/** What a caller asking for a token gets: a usable token, or exactly why not. */
public sealed interface TokenAnswer {

    String connectionId();

    /** The answer for a connection in a terminal state. */
    static TokenAnswer stale(Connection connection) {
        return new Stale(connection.id(), connection.state(), connection.lastError());
    }

    /**
     * The answer while a retryable failure backs off: the stored token as long as it has not expired (even inside
     * the freshness buffer), else unavailable until the scheduled retry.
     */
    static TokenAnswer whileBackingOff(Connection connection, Instant now) {
        Instant expiresAt = connection.tokens().expiresAt();
        if (expiresAt == null || now.isBefore(expiresAt)) {
            return new Fresh(connection);
        }
        FailureReason reason = connection.lastError() != null
                ? connection.lastError().reason()
                : FailureReason.of("retry_scheduled", "a retry is scheduled");
        Instant retryAt = connection.nextRefreshAt() != null ? connection.nextRefreshAt() : now;
        return new Unavailable(connection.id(), retryAt, reason);
    }

    /** A usable access token (fresh, or still valid while a retryable failure backs off). */
    record Fresh(Connection connection) implements TokenAnswer {
        public Fresh {
            Objects.requireNonNull(connection, "connection");
        }

        @Override
        public String connectionId() {
            return connection.id();
        }

        public TokenSet tokens() {
            return connection.tokens();
        }
    }

    /** The connection needs the user to reconnect or the config to be fixed; the provider was not called. */
    record Stale(String connectionId, ConnectionState state, LastError lastError) implements TokenAnswer {
        public Stale {
            Objects.requireNonNull(connectionId, "connectionId");
            Objects.requireNonNull(state, "state");
        }
    }

    /** No usable token now; a retry is scheduled at {@code retryAt}. */
    record Unavailable(String connectionId, Instant retryAt, FailureReason reason) implements TokenAnswer {
        public Unavailable {
            Objects.requireNonNull(connectionId, "connectionId");
            Objects.requireNonNull(retryAt, "retryAt");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** No connection has this id. */
    record NotFound(String connectionId) implements TokenAnswer {
        public NotFound {
            Objects.requireNonNull(connectionId, "connectionId");
        }
    }
}
