package dev.tokenkeeper.core.port;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * A stored reconnect link (its token is kept only as a hash, so it is not here).
 *
 * @param redirectAfter where the browser goes after the reconnect, or null
 * @param usedAt        when a reconnect through it completed, or null
 * @param revokedAt     when it was revoked, or null
 */
public record ReconnectLink(String id, String connectionId, URI redirectAfter, Instant createdAt, Instant expiresAt,
        Instant usedAt, Instant revokedAt) {
    public ReconnectLink {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Why the link can no longer be opened at {@code now}: "revoked", "used", "expired", or null when it can. */
    public String refusal(Instant now) {
        if (revokedAt != null) {
            return "revoked";
        }
        if (usedAt != null) {
            return "used";
        }
        return now.isBefore(expiresAt) ? null : "expired";
    }
}
