package dev.tokenkeeper.client.provider;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A provider config as stored, without its client secret, its nested settings kept as JSON
 * ({@code reverifyingConnections} only with a PUT, {@code deleted} only with a DELETE).
 */
public record ProviderConfig(String key, String grantType, URI authorizationUrl, URI tokenUrl, URI refreshUrl,
        URI revocationUrl, URI apiBaseUrl, URI introspectionUrl, String idempotencyHeader, String clientId,
        boolean clientSecretSet, String clientAuth, List<String> scopes, boolean pkce, JsonNode tokenResponse,
        JsonNode rotation, List<Integer> authFailureStatuses, String errorExpression, JsonNode whoami,
        Map<String, String> refreshParams, String scopeSeparator, Map<String, String> authorizationParams,
        JsonNode account, boolean configured, boolean catalog, String displayName, ProviderHealth health,
        Integer reverifyingConnections, boolean deleted) {
    public ProviderConfig {
        Objects.requireNonNull(key, "key");
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
        authFailureStatuses = authFailureStatuses == null ? List.of() : List.copyOf(authFailureStatuses);
        refreshParams = refreshParams == null ? Map.of() : Map.copyOf(refreshParams);
        authorizationParams = authorizationParams == null ? Map.of() : Map.copyOf(authorizationParams);
    }
}
