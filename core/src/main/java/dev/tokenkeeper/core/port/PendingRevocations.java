package dev.tokenkeeper.core.port;

import dev.tokenkeeper.core.token.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Revocations at a provider (RFC 7009) that could not be done at once, kept as durable work: each is claimed when due
 * under a fenced lease by one instance, tried, and then finished or put back with a later due time. The token to
 * revoke is stored encrypted.
 */
public interface PendingRevocations {

    /**
     * A token still to revoke.
     *
     * @param tokenTypeHint {@code refresh_token} or {@code access_token}
     * @param giveUpAt      after this the revocation is given up
     * @param attempts      how many attempts failed so far
     * @param lastError     what the last failed attempt met (no secret), or null
     */
    record Revocation(String id, String providerKey, String connectionId, Secret token, String tokenTypeHint,
            Instant createdAt, Instant nextAttemptAt, Instant giveUpAt, int attempts, String lastError) {
        private static final Set<String> HINTS = Set.of("refresh_token", "access_token");

        public Revocation {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(providerKey, "providerKey");
            Objects.requireNonNull(connectionId, "connectionId");
            Objects.requireNonNull(token, "token");
            if (!HINTS.contains(tokenTypeHint)) {
                throw new IllegalArgumentException("tokenTypeHint must be refresh_token or access_token");
            }
            Objects.requireNonNull(createdAt, "createdAt");
            Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
            Objects.requireNonNull(giveUpAt, "giveUpAt");
        }
    }

    /** A revocation claimed under a lease with this fence. */
    record Claimed(Revocation revocation, long fence) {
        public Claimed {
            Objects.requireNonNull(revocation, "revocation");
        }
    }

    /** Stores a new revocation, due at its {@code nextAttemptAt}. */
    void add(Revocation revocation);

    /** Claims up to {@code limit} due revocations, at most {@code perProvider} of one provider, for {@code ttl}. */
    List<Claimed> claimDue(String holder, Duration ttl, int limit, int perProvider);

    /** Removes a claimed revocation (done, or given up); false when the lease was lost meanwhile. */
    boolean finish(String id, long fence);

    /** Puts a claimed revocation back, due at {@code nextAttemptAt}, counting a failed attempt and its error. */
    boolean retryAt(String id, long fence, Instant nextAttemptAt, String lastError);

    /** How long until the earliest revocation is due (zero when one is); empty when none is stored. */
    Optional<Duration> untilNextDue();
}
