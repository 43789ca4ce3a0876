package dev.tokenkeeper.client.connect;

import java.time.Instant;
import java.util.Objects;

/** A reconnect link as revoked: opening it now answers 410. */
public record RevokedReconnectLink(String id, String connectionId, Instant expiresAt, Instant revokedAt) {
    public RevokedReconnectLink {
        Objects.requireNonNull(id, "id");
    }
}
