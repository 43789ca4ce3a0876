package dev.tokenkeeper.client.connection;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A connection's state and bookkeeping, never a token ({@code warnings} only with an import, {@code deleted} and
 * {@code revocation} only with a delete, {@code accountSubject} and {@code connectionConfig} only with a read).
 */
public record Connection(String id, String provider, ConnectionState state, Instant expiresAt,
        Instant nextRefreshAt, Instant refreshTokenExpiresAt, Instant lastRefreshedAt, long refreshCount,
        long consecutiveFailures, boolean hasRefreshToken, List<String> scopes, LastError lastError, String cause,
        Instant causeSince, JsonNode condition, Map<String, String> metadata, Instant createdAt, Instant updatedAt,
        String accountSubject, List<Warning> warnings, boolean deleted, Revocation revocation,
        Map<String, String> connectionConfig) {
    public Connection {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(provider, "provider");
        state = state == null ? ConnectionState.UNKNOWN : state;
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        connectionConfig = connectionConfig == null ? Map.of() : Map.copyOf(connectionConfig);
    }
}
