package dev.tokenkeeper.postgres.connection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.core.connection.ConnectionEvent;
import dev.tokenkeeper.core.connection.ConnectionEvent.RefreshAttempted;
import dev.tokenkeeper.core.connection.ConnectionEvent.StateChanged;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.connection.EventType;
import dev.tokenkeeper.core.connection.LastError;
import dev.tokenkeeper.core.refresh.FailureClass;
import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.core.refresh.FailureReason;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.token.TokenSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** JSON forms of the values stored in jsonb columns and inside encrypted blobs. */
final class RecordJson {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String ATTEMPT_TYPE = "refresh.attempted";

    private RecordJson() {}

    static String eventType(ConnectionEvent event) {
        return switch (event) {
            case StateChanged changed -> changed.type().wireName();
            case RefreshAttempted ignored -> ATTEMPT_TYPE;
        };
    }

    static String eventPayload(ConnectionEvent event) {
        ObjectNode node = MAPPER.createObjectNode();
        switch (event) {
            case StateChanged changed -> {
                node.put("from", changed.from() == null ? null : changed.from().wireName());
                node.put("to", changed.to().wireName());
                node.set("reason", reason(changed.reason()));
            }
            case RefreshAttempted attempt -> {
                node.put("duration_ms", attempt.duration().toMillis());
                node.put("url", attempt.url());
                node.put("grant_type", attempt.grantType());
                node.put("client_id", attempt.clientId());
                node.put("status", attempt.status());
                node.put("outcome", attempt.outcome() == null ? null : attempt.outcome().wireName());
                node.put("code", attempt.code());
                node.put("response_body", attempt.responseBody());
                attempt.notes().forEach(node.putArray("notes")::add);
                node.put("fence", attempt.fence());
            }
        }
        return node.toString();
    }

    static ConnectionEvent event(String connectionId, Instant at, String type, String payload) {
        JsonNode node = parse(payload);
        if (ATTEMPT_TYPE.equals(type)) {
            List<String> notes = new ArrayList<>();
            node.path("notes").forEach(n -> notes.add(n.asText()));
            return new RefreshAttempted(connectionId, at, Duration.ofMillis(node.get("duration_ms").asLong()),
                    text(node, "url"), text(node, "grant_type"), text(node, "client_id"),
                    node.get("status").isNull() ? null : node.get("status").asInt(),
                    FailureClass.fromWireName(text(node, "outcome")).orElse(null), text(node, "code"),
                    text(node, "response_body"), notes, node.get("fence").asLong());
        }
        EventType eventType = null;
        for (EventType candidate : EventType.values()) {
            if (candidate.wireName().equals(type)) {
                eventType = candidate;
            }
        }
        if (eventType == null) {
            throw new IllegalStateException("unknown event type in the database: " + type);
        }
        return new StateChanged(connectionId, at, eventType, state(text(node, "from")), state(text(node, "to")),
                reason(node.get("reason")));
    }

    static String lastError(LastError error) {
        if (error == null) {
            return null;
        }
        ObjectNode node = MAPPER.createObjectNode();
        node.put("class", error.failureClass().wireName());
        node.put("at", error.at().toString());
        node.put("since", error.since().toString());
        node.set("reason", reason(error.reason()));
        return node.toString();
    }

    static LastError lastError(String json) {
        if (json == null) {
            return null;
        }
        JsonNode node = parse(json);
        return new LastError(FailureClass.fromWireName(text(node, "class")).orElseThrow(),
                reason(node.get("reason")), Instant.parse(text(node, "at")),
                text(node, "since") == null ? null : Instant.parse(text(node, "since")));
    }

    static String metadata(Map<String, String> metadata) {
        return MAPPER.valueToTree(metadata).toString();
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> metadata(String json) {
        return MAPPER.convertValue(parse(json), Map.class);
    }

    static byte[] raw(Map<String, Object> raw) {
        try {
            return MAPPER.writeValueAsBytes(raw);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("raw token fields are not serializable", e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> raw(byte[] json) {
        try {
            return MAPPER.readValue(json, Map.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored raw token fields are not JSON", e);
        }
    }

    /** The whole token set as JSON bytes, to be encrypted as one blob (quarantine). */
    static byte[] tokens(TokenSet tokens) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("access_token", tokens.accessToken().reveal());
        node.put("refresh_token", tokens.refreshToken() == null ? null : tokens.refreshToken().reveal());
        node.put("token_type", tokens.tokenType());
        node.put("issued_at", tokens.issuedAt().toString());
        node.put("expires_at", tokens.expiresAt() == null ? null : tokens.expiresAt().toString());
        tokens.scopes().forEach(node.putArray("scopes")::add);
        node.set("raw", MAPPER.valueToTree(tokens.raw()));
        node.put("refresh_token_expires_at", tokens.refreshTokenExpiresAt() == null ? null
                : tokens.refreshTokenExpiresAt().toString());
        return node.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    static TokenSet tokens(byte[] json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            List<String> scopes = new ArrayList<>();
            node.path("scopes").forEach(s -> scopes.add(s.asText()));
            String expiresAt = text(node, "expires_at");
            String refreshTokenExpiresAt = text(node, "refresh_token_expires_at");
            return new TokenSet(Secret.of(text(node, "access_token")), Secret.ofNullable(text(node, "refresh_token")),
                    text(node, "token_type"), Instant.parse(text(node, "issued_at")),
                    expiresAt == null ? null : Instant.parse(expiresAt), scopes,
                    MAPPER.convertValue(node.get("raw"), Map.class),
                    refreshTokenExpiresAt == null ? null : Instant.parse(refreshTokenExpiresAt));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored tokens are not JSON", e);
        }
    }

    private static JsonNode reason(FailureReason reason) {
        if (reason == null) {
            return MAPPER.nullNode();
        }
        ObjectNode node = MAPPER.createObjectNode();
        node.put("code", reason.code());
        node.put("message", reason.message());
        node.put("provider_status", reason.providerStatus());
        node.put("provider_error", reason.providerError());
        node.put("provider_description", reason.providerDescription());
        node.put("provider_subcode", reason.providerSubcode());
        node.put("cause", reason.cause().code());
        return node;
    }

    private static FailureReason reason(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        JsonNode status = node.get("provider_status");
        return new FailureReason(text(node, "code"), text(node, "message"),
                status == null || status.isNull() ? null : status.asInt(), text(node, "provider_error"),
                text(node, "provider_description"), text(node, "provider_subcode"),
                Cause.fromCode(text(node, "cause")).orElse(null));
    }

    private static ConnectionState state(String wire) {
        return wire == null ? null : ConnectionState.fromWireName(wire).orElseThrow();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is unreadable", e);
        }
    }
}
