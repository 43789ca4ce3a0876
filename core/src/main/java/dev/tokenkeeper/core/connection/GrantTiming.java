package dev.tokenkeeper.core.connection;

import dev.tokenkeeper.core.cause.Cause;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * The one rule for dead grants whose timing names the cause better than the provider's words: a grant refused within a
 * day of a reconnect was not kept ({@code reconnect_not_kept}: something else holds a copy and spends its rotated
 * refresh token, or the app is in testing mode); a plain grant death about 7 days after the grant was issued is an app
 * in testing mode ({@code testing_mode_expiry}). Classification applies it when a refresh fails; a diagnosis applies it
 * to what is stored.
 */
public final class GrantTiming {
    /** A grant refused this soon after a reconnect was not kept. */
    public static final Duration RECONNECT_WINDOW = Duration.ofDays(1);
    /** Grants of apps in testing mode die 7 days after they are issued; this much either side counts. */
    public static final Duration TESTING_MODE_LIFETIME = Duration.ofDays(7);
    public static final Duration TESTING_MODE_SLACK = Duration.ofHours(12);

    private static final Set<Cause> NOT_KEPT = Set.of(Cause.GRANT_INVALID, Cause.GRANT_EXPIRED,
            Cause.GRANT_EXPIRED_OR_REVOKED, Cause.GRANT_REVOKED, Cause.REFRESH_TOKEN_REUSED);
    private static final Set<Cause> PLAIN_DEATHS = Set.of(Cause.GRANT_INVALID, Cause.GRANT_EXPIRED,
            Cause.GRANT_EXPIRED_OR_REVOKED);

    private GrantTiming() {}

    /**
     * The cause of a grant refusal with cause {@code said} at {@code refusedAt}, given when and how the connection got
     * its grant: {@code said} itself unless the timing names a better one.
     */
    public static Cause refine(Cause said, Connection connection, Instant refusedAt) {
        Duration lived = Duration.between(connection.grantedAt(), refusedAt);
        if (lived.isNegative()) {
            return said;
        }
        if (connection.reconnected() && NOT_KEPT.contains(said) && lived.compareTo(RECONNECT_WINDOW) < 0) {
            return Cause.RECONNECT_NOT_KEPT;
        }
        if (PLAIN_DEATHS.contains(said) && lived.minus(TESTING_MODE_LIFETIME).abs().compareTo(TESTING_MODE_SLACK) <= 0) {
            return Cause.TESTING_MODE_EXPIRY;
        }
        return said;
    }
}
