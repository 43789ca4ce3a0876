package dev.tokenkeeper.client.connect;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/** A reconnect link to send the end user; its {@code url} is shown only in this answer. */
public record ReconnectLink(String id, URI url, Instant expiresAt) {
    public ReconnectLink {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
    }
}
