package dev.tokenkeeper.server.connect;

import dev.tokenkeeper.core.token.Secret;
import java.time.Instant;
import java.util.Objects;

/** A reconnect link just made: its id, its URL (a secret: it holds the link's token) and when it expires. */
public record IssuedReconnectLink(String id, Secret url, Instant expiresAt) {
    public IssuedReconnectLink {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
