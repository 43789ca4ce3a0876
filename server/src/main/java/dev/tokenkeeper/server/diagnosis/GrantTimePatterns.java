package dev.tokenkeeper.server.diagnosis;

import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.connection.LastError;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Dead grants whose timing names the cause better than the provider's words: a grant refused within a day of a
 * reconnect ({@code reconnect_not_kept}: something else spends the grant, or the app is in testing mode), or about 7
 * days after it was issued ({@code testing_mode_expiry}). Only a plain grant death ({@code invalid_grant} without a
 * finer reason) is refined; a stored cause that already says it is kept as it is.
 */
final class GrantTimePatterns {
    /** A grant refused this soon after a reconnect was not kept. */
    static final Duration RECONNECT_WINDOW = Duration.ofDays(1);
    /** A testing-mode grant lives 7 days; refusals between 6.5 and 7.5 days after issue match it. */
    static final Duration TESTING_MODE_FROM = Duration.ofHours(156);
    static final Duration TESTING_MODE_TO = Duration.ofHours(180);

    private static final Set<Cause> PLAIN_GRANT_DEATHS = EnumSet.of(Cause.GRANT_INVALID, Cause.GRANT_EXPIRED,
            Cause.GRANT_REVOKED, Cause.GRANT_EXPIRED_OR_REVOKED);

    private GrantTimePatterns() {}

    /** The cause the timing names for a connection that needs reauthentication, if it names one. */
    static Optional<Cause> refine(Cause stored, Connection connection) {
        Optional<Duration> lived = lifetime(connection);
        if (lived.isEmpty() || !PLAIN_GRANT_DEATHS.contains(stored)) {
            return Optional.empty();
        }
        if (lived.get().compareTo(TESTING_MODE_FROM) >= 0 && lived.get().compareTo(TESTING_MODE_TO) <= 0) {
            return Optional.of(Cause.TESTING_MODE_EXPIRY);
        }
        if (connection.reconnected() && lived.get().compareTo(RECONNECT_WINDOW) < 0) {
            return Optional.of(Cause.RECONNECT_NOT_KEPT);
        }
        return Optional.empty();
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
