package dev.tokenkeeper.server.connect;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * A request to connect an account: the body of {@code POST /v1/connect-sessions}, already read field by field.
 *
 * @param providerKey         the provider to connect
 * @param connectionId        the connection to reconnect, or null for a new connection
 * @param redirectAfter       where the browser goes after success, or null for Tokenkeeper's page
 * @param metadata            labels for the new connection
 * @param authorizationParams further authorization request parameters for this session only ({@code login_hint}…)
 */
record ConnectRequest(String providerKey, String connectionId, URI redirectAfter, Map<String, String> metadata,
        Map<String, String> authorizationParams, Map<String, String> connectionConfig) {
    ConnectRequest {
        Objects.requireNonNull(providerKey, "providerKey");
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        authorizationParams = authorizationParams == null ? Map.of() : Map.copyOf(authorizationParams);
        connectionConfig = connectionConfig == null ? Map.of() : Map.copyOf(connectionConfig);
    }
}
