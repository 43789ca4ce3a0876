package dev.tokenkeeper.server.action;

import static dev.tokenkeeper.server.connection.ConnectionsApiTest.importBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.fake.IssuedGrant;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The calls of the actions harness to the service's HTTP API, each asserting its documented status. */
final class ActionCalls {
    private static final int PAGE = 500;

    private ActionCalls() {}

    static void importConnection(ApiClient api, String connectionId, IssuedGrant grant) {
        Answer imported = api.post("/v1/connections", importBody(connectionId, grant, 3600));
        assertThat(imported.status()).as(imported.text()).isEqualTo(201);
    }

    /** {@code POST /v1/actions} of a write to the fake's {@code /writes/<connection>} carrying the marker. */
    static CreatedAction create(ApiClient api, String connectionId, int index, String marker, String key) {
        ObjectNode body = ApiClient.object().put("connection_id", connectionId).put("method", "POST")
                .put("path", "/writes/" + connectionId).put("idempotency_key", key);
        body.putObject("body").put("action", marker);
        Answer created = api.post("/v1/actions", body);
        assertThat(created.status()).as(created.text()).isEqualTo(202);
        JsonNode action = created.json();
        return new CreatedAction(action.path("id").asText(), connectionId, index, marker,
                action.path("state").asText());
    }

    /** Every action, following {@code next_cursor} ({@code query} is a query string without limit and cursor). */
    static List<JsonNode> listAll(ApiClient api, String query) {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        do {
            String path = "/v1/actions?limit=" + PAGE + (query.isEmpty() ? "" : "&" + query)
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            Answer page = api.get(path);
            assertThat(page.status()).as(page.text()).isEqualTo(200);
            page.json().path("actions").forEach(all::add);
            cursor = page.json().path("next_cursor").isTextual() ? page.json().path("next_cursor").asText() : null;
        } while (cursor != null);
        return all;
    }

    /** True when no action is {@code queued} or {@code running}. */
    static boolean noneQueuedOrRunning(ApiClient api) {
        return isEmpty(api, "/v1/actions?limit=1&state=queued") && isEmpty(api, "/v1/actions?limit=1&state=running");
    }

    /** How many connections are in {@code state}. */
    static int connectionsIn(ApiClient api, String state) {
        Answer page = api.get("/v1/connections?limit=1000&state=" + state);
        assertThat(page.status()).as(page.text()).isEqualTo(200);
        return page.json().path("connections").size();
    }

    static String connectionState(ApiClient api, String connectionId) {
        Answer connection = api.get("/v1/connections/" + connectionId);
        assertThat(connection.status()).as(connection.text()).isEqualTo(200);
        return connection.json().path("state").asText();
    }

    static boolean isFinal(String state) {
        return switch (state) {
            case "succeeded", "failed", "expired", "cancelled" -> true;
            default -> false;
        };
    }

    private static boolean isEmpty(ApiClient api, String path) {
        Answer page = api.get(path);
        assertThat(page.status()).as(page.text()).isEqualTo(200);
        return page.json().path("actions").isEmpty();
    }
}
