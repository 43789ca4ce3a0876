package dev.tokenkeeper.core.connection;

import dev.tokenkeeper.core.token.TokenSet;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One customer's grant at one provider, with its tokens, lifecycle state and refresh bookkeeping.
 *
 * @param id                  the connection id, chosen by the user or generated
 * @param providerKey         the provider config it belongs to
 * @param state               active, needs_reauth or misconfigured
 * @param tokens              the current tokens
 * @param generation          bumped by every write; writes are compare-and-set on it
 * @param nextRefreshAt       when to refresh proactively or retry, or null when nothing is scheduled
 * @param lastRefreshedAt     when the last successful refresh was sent, or null
 * @param refreshCount        successful refreshes so far
 * @param consecutiveFailures retryable failures since the last success (drives backoff)
 * @param lastError           the last failure, or null after a success
 * @param metadata            the user's own labels
 * @param createdAt           when it was created
 * @param updatedAt           when it was last written
 * @param grantedAt           when the current grant was obtained (creation, import, or the last reconnect); null
 *                            reads as {@code createdAt}
 */
public record Connection(
        String id,
        String providerKey,
        ConnectionState state,
        TokenSet tokens,
        long generation,
        Instant nextRefreshAt,
        Instant lastRefreshedAt,
        long refreshCount,
        int consecutiveFailures,
        LastError lastError,
        Map<String, String> metadata,
        Instant createdAt,
        Instant updatedAt,
        Instant grantedAt) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    /** What {@link #isValidId} accepts, in words. */
    public static final String ID_FORM =
            "1-128 characters of letters, digits, '.', '_', ':' or '-', starting with a letter or digit";

    public Connection {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException(
                    "connection id must be 1-128 characters of letters, digits, '.', '_', ':' or '-'");
        }
        Objects.requireNonNull(providerKey, "providerKey");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        grantedAt = grantedAt == null ? createdAt : grantedAt;
        if (generation < 0 || refreshCount < 0 || consecutiveFailures < 0) {
            throw new IllegalArgumentException("counters must not be negative");
        }
    }

    /** True when the current grant came from a reconnect rather than from the connection's creation. */
    public boolean reconnected() {
        return grantedAt.isAfter(createdAt);
    }

    /** True when the id has the accepted form, for validating input before building a connection. */
    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** True while a retryable failure's backoff has not run out: no on-demand refresh before it. */
    public boolean backingOff(Instant now) {
        return consecutiveFailures > 0 && nextRefreshAt != null && now.isBefore(nextRefreshAt);
    }

    /** The same version with other metadata (labels are not part of the generation) and {@code newUpdatedAt}. */
    public Connection withMetadata(Map<String, String> newMetadata, Instant newUpdatedAt) {
        return new Connection(id, providerKey, state, tokens, generation, nextRefreshAt, lastRefreshedAt, refreshCount,
                consecutiveFailures, lastError, newMetadata, createdAt, newUpdatedAt, grantedAt);
    }

    Connection with(ConnectionState newState, TokenSet newTokens, Instant newNextRefreshAt,
            Instant newLastRefreshedAt, long newRefreshCount, int newFailures, LastError newError, Instant now) {
        return new Connection(id, providerKey, newState, newTokens, generation + 1, newNextRefreshAt,
                newLastRefreshedAt, newRefreshCount, newFailures, newError, metadata, createdAt, now, grantedAt);
    }

    /** The next version holding a new grant obtained at {@code now}. */
    Connection withNewGrant(TokenSet newTokens, Instant newNextRefreshAt, Instant now) {
        return new Connection(id, providerKey, ConnectionState.ACTIVE, newTokens, generation + 1, newNextRefreshAt,
                lastRefreshedAt, refreshCount, 0, null, metadata, createdAt, now, now);
    }
}
