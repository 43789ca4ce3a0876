package dev.tokenkeeper.client.connection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenkeeper.client.Secret;
import java.time.Instant;
import java.util.Objects;

/**
 * A usable access token of a connection, a {@link Secret} that never prints itself, with {@code raw}, the token
 * response's other fields (an {@code instance_url}, a {@code scope}).
 */
public record AccessToken(String connectionId, Secret accessToken, String tokenType, Instant expiresAt,
        JsonNode raw) {
    public AccessToken {
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(accessToken, "accessToken");
    }

    /** The value of an {@code Authorization} header that presents this token. */
    public String authorization() {
        return (tokenType == null ? "Bearer" : tokenType) + " " + accessToken.reveal();
    }
}
