package dev.tokenkeeper.client.connection;

import java.util.Map;
import java.util.Objects;

/**
 * A grant to import as a new connection: the provider's key, the id to use (null: generated), the
 * {@link Credentials} (null only for a client-credentials provider), the caller's own labels, and the values of the
 * provider's per-connection settings ({@code connection_config}: a subdomain, a tenant, an instance URL).
 */
public record ConnectionImport(String provider, String connectionId, Credentials credentials,
        Map<String, String> metadata, Map<String, String> connectionConfig) {
    public ConnectionImport {
        Objects.requireNonNull(provider, "provider");
        metadata = metadata == null ? null : Map.copyOf(metadata);
        connectionConfig = connectionConfig == null ? null : Map.copyOf(connectionConfig);
    }

    /** A grant of {@code provider} under {@code connectionId}, without metadata. */
    public static ConnectionImport of(String provider, String connectionId, Credentials credentials) {
        return new ConnectionImport(provider, connectionId, credentials, null, null);
    }

    public ConnectionImport withMetadata(Map<String, String> metadata) {
        return new ConnectionImport(provider, connectionId, credentials, metadata, connectionConfig);
    }

    /** The same grant with the values of its provider's per-connection settings. */
    public ConnectionImport withConnectionConfig(Map<String, String> settings) {
        return new ConnectionImport(provider, connectionId, credentials, metadata, settings);
    }
}
