package dev.tokenkeeper.client.connect;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * A connect session to start: the provider, the connection to create or reconnect (null: generated), where the
 * browser goes afterwards (null: Tokenkeeper's own page), labels for a new connection and extra authorize parameters.
 */
public record ConnectSessionInput(String provider, String connectionId, URI redirectAfter, Map<String, String> metadata,
        Map<String, String> authorizationParams) {
    public ConnectSessionInput {
        Objects.requireNonNull(provider, "provider");
        metadata = metadata == null ? null : Map.copyOf(metadata);
        authorizationParams = authorizationParams == null ? null : Map.copyOf(authorizationParams);
    }

    /** A session of {@code provider} for {@code connectionId} (null: a generated id). */
    public static ConnectSessionInput of(String provider, String connectionId) {
        return new ConnectSessionInput(provider, connectionId, null, null, null);
    }

    public ConnectSessionInput withRedirectAfter(URI redirectAfter) {
        return new ConnectSessionInput(provider, connectionId, redirectAfter, metadata, authorizationParams);
    }
}
