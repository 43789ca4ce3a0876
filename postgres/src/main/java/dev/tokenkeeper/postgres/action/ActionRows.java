package dev.tokenkeeper.postgres.action;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.core.action.Action;
import dev.tokenkeeper.core.action.ActionError;
import dev.tokenkeeper.core.action.ActionRequest;
import dev.tokenkeeper.core.action.ActionResponse;
import dev.tokenkeeper.core.action.ActionState;
import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.core.port.TokenCipher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of {@code actions}: requests and responses as JSON encrypted with associated data
 * {@code action:<id>:request} and {@code action:<id>:response}, and the row read back as an {@link Action}.
 */
final class ActionRows {
    static final String REQUEST = "request";
    static final String RESPONSE = "response";
    static final String COLUMNS = "id, connection_id, provider_key, seq, state, request, idempotency_key,"
            + " fingerprint, attempts, created_at, updated_at, expires_at, next_attempt_at, finished_at,"
            + " response_status, response, error_code, error_cause, error_message, purged_at";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final TokenCipher cipher;

    ActionRows(TokenCipher cipher) {
        this.cipher = cipher;
    }

    static String aad(String actionId, String field) {
        return "action:" + actionId + ":" + field;
    }

    byte[] encrypt(String actionId, ActionRequest request) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("method", request.method());
        node.put("path", request.path());
        node.put("query", request.query());
        node.set("headers", headers(request.headers()));
        node.put("body", request.body());
        return cipher.encrypt(bytes(node), aad(actionId, REQUEST));
    }

    byte[] encrypt(String actionId, ActionResponse response) {
        if (response == null) {
            return null;
        }
        ObjectNode node = MAPPER.createObjectNode();
        node.put("status", response.status());
        node.set("headers", headers(response.headers()));
        node.put("body", response.body());
        node.put("body_truncated", response.bodyTruncated());
        return cipher.encrypt(bytes(node), aad(actionId, RESPONSE));
    }

    Action read(ResultSet row) throws SQLException {
        String id = row.getString("id");
        byte[] request = row.getBytes("request");
        byte[] response = row.getBytes("response");
        int status = row.getInt("response_status");
        boolean hasStatus = !row.wasNull();
        String code = row.getString("error_code");
        return new Action(id, row.getString("connection_id"), row.getString("provider_key"), row.getLong("seq"),
                ActionState.fromWire(row.getString("state")).orElseThrow(),
                request == null ? null : request(id, request), row.getString("idempotency_key"),
                row.getString("fingerprint"), row.getInt("attempts"), instant(row, "created_at"),
                instant(row, "updated_at"), instant(row, "expires_at"), instant(row, "next_attempt_at"),
                instant(row, "finished_at"),
                response != null ? response(id, response)
                        : hasStatus ? new ActionResponse(status, Map.of(), new byte[0], false) : null,
                code == null ? null : new ActionError(code,
                        Cause.fromCode(row.getString("error_cause")).orElse(null), row.getString("error_message")),
                instant(row, "purged_at"));
    }

    private ActionRequest request(String id, byte[] ciphertext) {
        JsonNode node = parse(cipher.decrypt(ciphertext, aad(id, REQUEST)));
        return new ActionRequest(node.get("method").asText(), node.get("path").asText(), text(node, "query"),
                headers(node.get("headers")), binary(node.get("body")));
    }

    private ActionResponse response(String id, byte[] ciphertext) {
        JsonNode node = parse(cipher.decrypt(ciphertext, aad(id, RESPONSE)));
        return new ActionResponse(node.get("status").asInt(), headers(node.get("headers")), binary(node.get("body")),
                node.get("body_truncated").asBoolean());
    }

    private static ObjectNode headers(Map<String, List<String>> headers) {
        ObjectNode node = MAPPER.createObjectNode();
        headers.forEach((name, values) -> {
            ArrayNode array = node.putArray(name);
            values.forEach(array::add);
        });
        return node;
    }

    private static Map<String, List<String>> headers(JsonNode node) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        node.properties().forEach(entry -> {
            List<String> values = new ArrayList<>();
            entry.getValue().forEach(value -> values.add(value.asText()));
            headers.put(entry.getKey(), values);
        });
        return headers;
    }

    private static byte[] binary(JsonNode node) {
        try {
            return node.binaryValue();
        } catch (IOException e) {
            throw new UncheckedIOException("a stored action body is not base64", e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(byte[] json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored action is not JSON", e);
        }
    }

    static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp value = row.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
