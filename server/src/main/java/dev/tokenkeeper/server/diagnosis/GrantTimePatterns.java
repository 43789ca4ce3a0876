package dev.tokenkeeper.server.diagnosis;

import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.connection.GrantTiming;
import dev.tokenkeeper.core.connection.LastError;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Dead grants whose timing names the cause better than the provider's words: a grant refused within a day of a
 * reconnect ({@code reconnect_not_kept}: something else spends the grant, or the app is in testing mode), or about 7
 * days after it was issued ({@code testing_mode_expiry}), by core's one rule ({@link GrantTiming}); a stored cause that
 * already says it is kept as it is.
 */
final class GrantTimePatterns {
    private GrantTimePatterns() {}

    /** The cause the timing names for a connection that needs reauthentication, if it names a better one. */
    static Optional<Cause> refine(Cause stored, Connection connection) {
        Optional<Duration> lived = lifetime(connection);
        if (lived.isEmpty()) {
            return Optional.empty();
        }
        Cause refined = GrantTiming.refine(stored, connection, connection.lastError().at());
        return refined == stored ? Optional.empty() : Optional.of(refined);
    }

    /** The timing in words, as evidence, for a connection that needs reauthentication; empty otherwise. */
    static Optional<String> describe(Connection connection) {
        return lifetime(connection).map(lived -> "the grant was obtained at " + connection.grantedAt()
                + (connection.reconnected() ? " (a reconnect)" : " (when the connection was created)")
                + " and refused at " + connection.lastError().at() + ", " + Durations.words(lived) + " later");
    }

    /** How long the grant lived before the provider refused it, for a connection that needs reauthentication. */
    private static Optional<Duration> lifetime(Connection connection) {
        LastError error = connection.lastError();
        if (connection.state() != ConnectionState.NEEDS_REAUTH || error == null) {
            return Optional.empty();
        }
        Instant refusedAt = error.at();
        return refusedAt.isBefore(connection.grantedAt()) ? Optional.empty()
                : Optional.of(Duration.between(connection.grantedAt(), refusedAt));
    }
}
