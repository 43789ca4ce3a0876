package dev.tokenkeeper.server.action;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.core.action.Action;
import dev.tokenkeeper.core.action.ActionError;
import dev.tokenkeeper.core.action.ActionRequest;
import dev.tokenkeeper.core.action.ActionResponse;
import dev.tokenkeeper.server.http.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An action as the API shows it. The request's method, path and query are shown (until purged); its headers and body
 * never are, as they may hold personal data or credentials. The provider's kept answer is shown with its body as JSON
 * when the provider answered JSON, else as {@code body_base64}; once purged, only the answer's status is left.
 */
final class ActionJson {
    private ActionJson() {}

    static ObjectNode action(Action action) {
        ObjectNode json = Json.object();
        json.put("id", action.id());
        json.put("connection_id", action.connectionId());
        json.put("provider", action.providerKey());
        json.put("state", action.state().wireName());
        ActionRequest request = action.request();
        json.put("method", request == null ? null : request.method());
        json.put("path", request == null ? null : request.path());
        json.put("query", request == null ? null : request.query());
        json.put("idempotency_key", action.idempotencyKey());
        json.put("attempts", action.attempts());
        time(json, "created_at", action.createdAt());
        time(json, "updated_at", action.updatedAt());
        time(json, "expires_at", action.expiresAt());
        time(json, "next_attempt_at", action.nextAttemptAt());
        time(json, "finished_at", action.finishedAt());
        json.set("error", error(action.error()));
        json.set("response", response(action.response(), action.purgedAt() != null));
        time(json, "purged_at", action.purgedAt());
        return json;
    }

    private static void time(ObjectNode json, String name, Instant at) {
        json.put(name, at == null ? null : at.toString());
    }

    private static JsonNode error(ActionError error) {
        if (error == null) {
            return Json.mapper().nullNode();
        }
        ObjectNode json = Json.object();
        json.put("code", error.code());
        json.put("cause", error.cause() == null ? null : error.cause().code());
        json.put("message", error.message());
        return json;
    }

    /** The kept answer; once purged only its status is left (no headers, no body field). */
    private static JsonNode response(ActionResponse response, boolean purged) {
        if (response == null) {
            return Json.mapper().nullNode();
        }
        ObjectNode json = Json.object();
        json.put("status", response.status());
        ObjectNode headers = json.putObject("headers");
        response.headers().forEach((name, values) -> headers.put(name, String.join(", ", values)));
        JsonNode body = response.bodyTruncated() || !isJson(response.headers()) ? null : parse(response.body());
        if (purged) {
            json.put("body_truncated", response.bodyTruncated());
            return json;
        }
        if (body != null) {
            json.set("body", body);
        } else {
            json.put("body_base64", Base64.getEncoder().encodeToString(response.body()));
        }
        json.put("body_truncated", response.bodyTruncated());
        return json;
    }

    private static boolean isJson(Map<String, List<String>> headers) {
        List<String> types = headers.get("content-type");
        if (types == null || types.isEmpty()) {
            return false;
        }
        String type = types.getFirst().toLowerCase(Locale.ROOT);
        int parameters = type.indexOf(';');
        String media = (parameters < 0 ? type : type.substring(0, parameters)).strip();
        return media.equals("application/json") || media.endsWith("+json");
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            return Json.mapper().readTree(body);
        } catch (IOException e) {
            return null; // too deep, too long or not JSON after all: shown as bytes
        }
    }
}
