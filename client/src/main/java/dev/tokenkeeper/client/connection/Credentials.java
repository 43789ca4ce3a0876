package dev.tokenkeeper.client.connection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.client.Secret;
import dev.tokenkeeper.client.internal.Json;
import java.time.Instant;
import java.util.Objects;

/**
 * A token response as the provider sent it: the tokens, the lifetime ({@code expiresIn} seconds or
 * {@code expiresAt}), and {@code raw}, any other fields of the response, kept as the connection's raw token fields.
 */
public record Credentials(Secret accessToken, Secret refreshToken, Long expiresIn, Instant expiresAt,
        String tokenType, JsonNode raw) {
    public Credentials {
        Objects.requireNonNull(accessToken, "accessToken");
        if (raw != null && !raw.isObject()) {
            throw new IllegalArgumentException("raw must be a JSON object");
        }
    }

    /** An access token and a refresh token that expire {@code expiresIn} seconds from now. */
    public static Credentials of(String accessToken, String refreshToken, long expiresIn) {
        return new Credentials(Secret.of(accessToken), refreshToken == null ? null : Secret.of(refreshToken),
                expiresIn, null, null, null);
    }

    /** The {@code credentials} member of an import: {@code raw}'s fields, then the tokens and their lifetime. */
    ObjectNode toJson() {
        ObjectNode json = Json.object();
        if (raw != null) {
            json.setAll((ObjectNode) raw);
        }
        json.put("access_token", accessToken.reveal());
        if (refreshToken != null) {
            json.put("refresh_token", refreshToken.reveal());
        }
        if (expiresIn != null) {
            json.put("expires_in", expiresIn);
        }
        if (expiresAt != null) {
            json.put("expires_at", expiresAt.toString());
        }
        if (tokenType != null) {
            json.put("token_type", tokenType);
        }
        return json;
    }
}
