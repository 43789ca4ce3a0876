package dev.tokenkeeper.client.connection;

import java.util.Map;
import java.util.Objects;

/**
 * A grant to import as a new connection: the provider's key, the id to use (null: generated), the
 * {@link Credentials} (null only for a client-credentials provider) and the caller's own labels.
 */
public record ConnectionImport(String provider, String connectionId, Credentials credentials,
        Map<String, String> metadata) {
    public ConnectionImport {
        Objects.requireNonNull(provider, "provider");
        metadata = metadata == null ? null : Map.copyOf(metadata);
    }

    /** A grant of {@code provider} under {@code connectionId}, without metadata. */
    public static ConnectionImport of(String provider, String connectionId, Credentials credentials) {
        return new ConnectionImport(provider, connectionId, credentials, null);
    }

    public ConnectionImport withMetadata(Map<String, String> metadata) {
        return new ConnectionImport(provider, connectionId, credentials, metadata);
    }
}
