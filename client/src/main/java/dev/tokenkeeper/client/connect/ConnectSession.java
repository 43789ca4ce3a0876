package dev.tokenkeeper.client.connect;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/** A started connect session: send the user to {@code authorizeUrl} before {@code expiresAt}. */
public record ConnectSession(String id, String provider, String connectionId, URI authorizeUrl, Instant expiresAt) {
    public ConnectSession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(authorizeUrl, "authorizeUrl");
    }
}
