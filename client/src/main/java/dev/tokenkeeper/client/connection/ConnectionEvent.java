package dev.tokenkeeper.client.connection;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One entry of a connection's timeline: a state event ({@code connection.*}: {@code from}, {@code to},
 * {@code reason}) or a refresh attempt ({@code refresh.attempted}: {@code url}, {@code status},
 * {@code failureClass} (the JSON {@code class}), {@code code}, the redacted {@code responseBody}, {@code notes}).
 */
public record ConnectionEvent(String type, Instant at, String from, String to, JsonNode reason, Long durationMs,
        String url, String grantType, String clientId, Integer status, @JsonProperty("class") String failureClass,
        String code, String responseBody, List<String> notes, Long fence) {
    public ConnectionEvent {
        Objects.requireNonNull(type, "type");
        notes = notes == null ? List.of() : List.copyOf(notes);
    }
}
