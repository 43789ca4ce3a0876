package dev.tokenkeeper.client.problem;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenkeeper.client.connection.LastError;
import java.time.Instant;
import java.util.Objects;

/**
 * An RFC 9457 problem document as Tokenkeeper answers it: the stable {@code code} and the fields some codes add;
 * {@code document} is the whole answer, for fields this SDK does not name.
 */
public record Problem(String type, String title, int status, String detail, String code, String field,
        String connectionId, String cause, Instant retryAt, Reason reason, LastError lastError, String actionId,
        String state, String provider, @JsonIgnore JsonNode document) {
    public Problem {
        Objects.requireNonNull(code, "code");
    }

    /** Why no token could be had ({@code token_unavailable}) or the refresh failed ({@code refresh_failed}). */
    public record Reason(String code, String message) {}

    /** This problem with its whole document kept. */
    public Problem withDocument(JsonNode document) {
        return new Problem(type, title, status, detail, code, field, connectionId, cause, retryAt, reason, lastError,
                actionId, state, provider, document);
    }
}
