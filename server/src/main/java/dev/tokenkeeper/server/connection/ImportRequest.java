package dev.tokenkeeper.server.connection;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Objects;

/**
 * A grant the user already holds, to be stored as a connection; or, for a client-credentials provider, a connection
 * whose first token Tokenkeeper asks for.
 *
 * @param providerKey  the provider it belongs to
 * @param connectionId the id to use, or null to generate one
 * @param credentials  a token response as the provider sent it ({@code access_token}, {@code refresh_token},
 *                     {@code expires_in} or {@code expires_at}, and any raw fields); null to create a
 *                     client-credentials connection
 * @param metadata     the user's own labels
 * @param connectionConfig the connection's values of its provider's per-connection settings ({@code subdomain},
 *                     {@code instance_url}…), kept with its credentials
 */
public record ImportRequest(String providerKey, String connectionId, ObjectNode credentials,
        Map<String, String> metadata, Map<String, String> connectionConfig) {
    public ImportRequest {
        Objects.requireNonNull(providerKey, "providerKey");
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        connectionConfig = connectionConfig == null ? Map.of() : Map.copyOf(connectionConfig);
    }

    /** A request without per-connection settings. */
    public ImportRequest(String providerKey, String connectionId, ObjectNode credentials,
            Map<String, String> metadata) {
        this(providerKey, connectionId, credentials, metadata, Map.of());
    }
}
