package dev.tokenkeeper.client.connect;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * A connect session to start: the provider, the connection to create or reconnect (null: generated), where the
 * browser goes afterwards (null: Tokenkeeper's own page), labels for a new connection, extra authorize parameters, and
 * the values of the provider's per-connection settings ({@code connection_config}) its URLs are filled with.
 */
public record ConnectSessionInput(String provider, String connectionId, URI redirectAfter, Map<String, String> metadata,
        Map<String, String> authorizationParams, Map<String, String> connectionConfig) {
    public ConnectSessionInput {
        Objects.requireNonNull(provider, "provider");
        metadata = metadata == null ? null : Map.copyOf(metadata);
        authorizationParams = authorizationParams == null ? null : Map.copyOf(authorizationParams);
        connectionConfig = connectionConfig == null ? null : Map.copyOf(connectionConfig);
    }

    /** A session of {@code provider} for {@code connectionId} (null: a generated id). */
    public static ConnectSessionInput of(String provider, String connectionId) {
        return new ConnectSessionInput(provider, connectionId, null, null, null, null);
    }

    public ConnectSessionInput withRedirectAfter(URI redirectAfter) {
        return new ConnectSessionInput(provider, connectionId, redirectAfter, metadata, authorizationParams,
                connectionConfig);
    }

    /** The same session with the values of its provider's per-connection settings. */
    public ConnectSessionInput withConnectionConfig(Map<String, String> settings) {
        return new ConnectSessionInput(provider, connectionId, redirectAfter, metadata, authorizationParams, settings);
    }
}
