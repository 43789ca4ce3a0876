package dev.tokenkeeper.server.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.server.http.Json;
import java.util.Optional;
import java.util.Set;

/**
 * The demo's write that must not be lost: queued for the revoked connection while its grant is dead ({@code POST
 * /v1/actions}, answered {@code held}: the provider is not called), then replayed by Tokenkeeper after the reconnect.
 * What it prints names the action, its state and its error code, never the body sent.
 */
final class DemoAction {
    private static final Set<String> FINAL = Set.of("succeeded", "failed", "expired", "cancelled");

    /** An action as the demo reports it. */
    record Seen(String id, String state, String errorCode, String cause, int attempts, Integer responseStatus) {
        boolean isFinal() {
            return FINAL.contains(state);
        }
    }

    private DemoAction() {}

    /** Queues a note for the connection's provider API; empty (with the reason) when the API refused it. */
    static Optional<Seen> queue(DemoApi api, String connectionId, StringBuilder refusal) {
        ObjectNode request = Json.object().put("connection_id", connectionId).put("method", "POST")
                .put("path", "/echo/notes").put("idempotency_key", "demo-note-" + connectionId);
        request.putObject("body").put("note", "written while the customer's grant was dead");
        DemoApi.Reply reply = api.post("/v1/actions", request);
        if (!reply.success()) {
            refusal.append("POST /v1/actions answered ").append(reply.status()).append(' ').append(reply.code());
            return Optional.empty();
        }
        return Optional.of(seen(reply.body()));
    }

    /** The action as it stands now. */
    static Seen look(DemoApi api, String actionId) {
        return seen(api.get("/v1/actions/" + actionId).body());
    }

    private static Seen seen(JsonNode action) {
        JsonNode error = action.path("error");
        JsonNode response = action.path("response");
        return new Seen(action.path("id").asText(""), action.path("state").asText("unknown"),
                error.path("code").asText(null), error.path("cause").asText(null), action.path("attempts").asInt(),
                response.hasNonNull("status") ? response.get("status").asInt() : null);
    }
}
