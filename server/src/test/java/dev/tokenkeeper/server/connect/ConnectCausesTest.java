package dev.tokenkeeper.server.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.connect.Browser.Hop;
import dev.tokenkeeper.server.connection.ConnectionsApiTest;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import dev.tokenkeeper.testkit.logs.StandardErrorCapture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A failed connect names its cause (who acts, the fix) on the session; a failed reconnect is also in the connection's
 * timeline as {@code connect.failed}, and the connection is left as it was. A grant connected without a refresh token
 * is warned about at once.
 */
class ConnectCausesTest {
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");
    @RegisterExtension
    static final ConnectSteps steps = new ConnectSteps();

    @AfterEach
    void clearQuirks() {
        steps.provider().resetQuirks();
    }

    @Test
    void reconnect_recordsAccessDeniedOnTheSessionAndTheTimeline_andLeavesTheConnectionAsItWas_whenTheUserDeclines() {
        String id = imported();
        String before = steps.api().get("/v1/connections/" + id).text();
        String tokenBefore = steps.token(id);
        JsonNode session = steps.start(ConnectSteps.body().put("connection_id", id));
        steps.provider().quirks().denyAuthorization(true);

        Hop authorize = steps.authorize(session);
        steps.callback(authorize);

        JsonNode error = status(session).path("error");
        assertThat(error.path("code").asText()).isEqualTo("access_denied");
        assertThat(error.path("cause").asText()).isEqualTo("access_denied");
        assertThat(error.path("actor").asText()).isEqualTo("end_user");
        assertThat(error.path("fix").asText()).contains("connect again");
        JsonNode failed = connectFailed(id);
        assertThat(failed.path("from").asText()).isEqualTo("active");
        assertThat(failed.path("to").asText()).isEqualTo("active");
        assertThat(failed.path("reason").path("code").asText()).isEqualTo("access_denied");
        assertThat(failed.path("reason").path("cause").asText()).isEqualTo("access_denied");
        assertThat(failed.path("reason").path("provider_error").asText()).isEqualTo("access_denied");
        assertThat(steps.api().get("/v1/connections/" + id).text()).isEqualTo(before);
        assertThat(steps.token(id)).isEqualTo(tokenBefore);
        String state = Browser.query(authorize.location()).get("state");
        assertThat(List.of(statusText(session), eventsText(id))).allSatisfy(text -> assertThat(text)
                .doesNotContain(state, tokenBefore, FakeProvider.DEFAULT_CLIENT_SECRET));
    }

    @Test
    void reconnect_namesRedirectUriMismatch_forTheOperator_andKeepsTheProvidersWords_whenTheProviderSaysSo() {
        String id = imported();
        String before = steps.api().get("/v1/connections/" + id).text();
        JsonNode session = steps.start(ConnectSteps.body().put("connection_id", id));
        String state = Browser.query(steps.authorize(session).location()).get("state");

        steps.browser.get(steps.callbackWith("state=" + state + "&error=redirect_uri_mismatch"
                + "&error_description=The%20redirect_uri%20is%20not%20registered"));

        JsonNode error = status(session).path("error");
        assertThat(error.path("code").asText()).isEqualTo("redirect_uri_mismatch");
        assertThat(error.path("cause").asText()).isEqualTo("redirect_uri_mismatch");
        assertThat(error.path("actor").asText()).isEqualTo("operator");
        assertThat(error.path("fix").asText()).contains("/oauth/callback");
        JsonNode failed = connectFailed(id);
        assertThat(failed.path("reason").path("cause").asText()).isEqualTo("redirect_uri_mismatch");
        assertThat(failed.path("reason").path("provider_description").asText())
                .isEqualTo("The redirect_uri is not registered");
        assertThat(steps.api().get("/v1/connections/" + id).text()).isEqualTo(before);
        assertThat(List.of(statusText(session), eventsText(id)))
                .allSatisfy(text -> assertThat(text).doesNotContain(state));
    }

    @Test
    void reconnect_namesInvalidRequestAboutTheRedirectUri_asRedirectUriMismatch() {
        String id = imported();
        JsonNode session = steps.start(ConnectSteps.body().put("connection_id", id));
        String state = Browser.query(steps.authorize(session).location()).get("state");

        steps.browser.get(steps.callbackWith("state=" + state + "&error=invalid_request"
                + "&error_description=redirect_uri%20mismatch"));

        assertThat(status(session).path("error").path("cause").asText()).isEqualTo("redirect_uri_mismatch");
        assertThat(connectFailed(id).path("reason").path("cause").asText()).isEqualTo("redirect_uri_mismatch");
    }

    @Test
    void reconnect_namesCodeExchangeFailed_withTheProvidersWords_andKeepsTheConnection_whenTheCodeIsRefused() {
        String id = imported();
        String before = steps.api().get("/v1/connections/" + id).text();
        JsonNode session = steps.start(ConnectSteps.body().put("connection_id", id));
        Hop authorize = steps.authorize(session);
        steps.provider().quirks().failNextTokenRequests(1, 400, JSON,
                "{\"error\":\"invalid_grant\",\"error_description\":\"code expired\"}");

        steps.callback(authorize);

        JsonNode error = status(session).path("error");
        assertThat(error.path("code").asText()).isEqualTo("code_refused");
        assertThat(error.path("cause").asText()).isEqualTo("code_exchange_failed");
        assertThat(error.path("actor").asText()).isEqualTo("operator");
        JsonNode failed = connectFailed(id);
        assertThat(failed.path("reason").path("code").asText()).isEqualTo("code_refused");
        assertThat(failed.path("reason").path("cause").asText()).isEqualTo("code_exchange_failed");
        assertThat(failed.path("reason").path("provider_error").asText()).isEqualTo("invalid_grant");
        assertThat(failed.path("reason").path("provider_description").asText()).isEqualTo("code expired");
        assertThat(failed.path("reason").path("provider_status").asInt()).isEqualTo(400);
        assertThat(steps.api().get("/v1/connections/" + id).text()).isEqualTo(before);
        String code = Browser.query(authorize.location()).get("code");
        assertThat(List.of(statusText(session), eventsText(id)))
                .allSatisfy(text -> assertThat(text).doesNotContain(code));
    }

    @Test
    void connect_namesTheCause_butWritesNoTimeline_whenANewConnectionFails() {
        JsonNode session = steps.start(ConnectSteps.body());
        Hop authorize = steps.authorize(session);
        steps.provider().quirks().serverErrorNextTokenRequests(1, 503, false);

        steps.callback(authorize);

        JsonNode error = status(session).path("error");
        assertThat(error.path("cause").asText()).isEqualTo("provider_outage");
        assertThat(error.path("actor").asText()).isEqualTo("provider");
        assertThat(status(session).has("connection_id")).isFalse();
    }

    @Test
    void connect_warnsNoRefreshToken_onTheSessionTheTimelineAndTheLog_whenTheTokenResponseHasNone() {
        JsonNode session = steps.start(ConnectSteps.body().put("redirect_after", "https://app.example/done"));
        Hop authorize = steps.authorize(session);
        steps.provider().quirks().failNextTokenRequests(1, 200, JSON,
                "{\"access_token\":\"at-without-refresh-" + UUID.randomUUID() + "\",\"token_type\":\"Bearer\","
                        + "\"expires_in\":3600}");
        String logs;
        String id;
        try (StandardErrorCapture stderr = new StandardErrorCapture()) {
            Hop callback = steps.callback(authorize);
            id = Browser.query(callback.location()).get("connection_id");
            logs = stderr.text();
        }

        JsonNode status = status(session);
        assertThat(status.path("state").asText()).isEqualTo("completed");
        assertThat(status.path("warnings")).hasSize(1);
        JsonNode warning = status.path("warnings").get(0);
        assertThat(warning.path("cause").asText()).isEqualTo("no_refresh_token");
        assertThat(warning.path("actor").asText()).isEqualTo("operator");
        assertThat(warning.path("fix").asText()).contains("offline_access", "access_type=offline");
        JsonNode created = steps.api().get("/v1/connections/" + id + "/events").json().path("events").get(0);
        assertThat(created.path("type").asText()).isEqualTo("connection.created");
        assertThat(created.path("reason").path("cause").asText()).isEqualTo("no_refresh_token");
        assertThat(logs).contains("connection_without_refresh_token connection=" + id + " provider=fake")
                .contains("offline_access");
    }

    @Test
    void connect_warnsOfNothing_whenTheGrantHasARefreshToken_orItsAccessTokenNeverExpires() {
        JsonNode usual = steps.start(ConnectSteps.body().put("redirect_after", "https://app.example/done"));
        steps.callback(steps.authorize(usual));
        JsonNode everlasting = steps.start(ConnectSteps.body().put("redirect_after", "https://app.example/done"));
        Hop authorize = steps.authorize(everlasting);
        steps.provider().quirks().failNextTokenRequests(1, 200, JSON,
                "{\"access_token\":\"xoxb-never-expires-" + UUID.randomUUID() + "\",\"token_type\":\"Bearer\"}");
        Hop callback = steps.callback(authorize);

        assertThat(status(usual).path("state").asText()).isEqualTo("completed");
        assertThat(status(usual).path("warnings")).isEmpty();
        assertThat(status(everlasting).path("state").asText()).isEqualTo("completed");
        assertThat(status(everlasting).path("warnings")).isEmpty();
        String id = Browser.query(callback.location()).get("connection_id");
        JsonNode created = steps.api().get("/v1/connections/" + id + "/events").json().path("events").get(0);
        assertThat(created.path("reason").isNull()).isTrue();
    }

    /** A connection imported from a grant the fake provider issued; returns its id. */
    private static String imported() {
        IssuedGrant grant = steps.provider().issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        String id = "rc-" + UUID.randomUUID();
        Answer created = steps.api().post("/v1/connections", ConnectionsApiTest.importBody(id, grant, 3600));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return id;
    }

    /** The connection's one {@code connect.failed} event. */
    static JsonNode connectFailed(String id) {
        List<JsonNode> failed = new ArrayList<>();
        steps.api().get("/v1/connections/" + id + "/events").json().path("events").forEach(event -> {
            if ("connect.failed".equals(event.path("type").asText())) {
                failed.add(event);
            }
        });
        assertThat(failed).hasSize(1);
        return failed.getFirst();
    }

    private static JsonNode status(JsonNode session) {
        Answer answer = steps.api().get("/v1/connect-sessions/" + session.path("id").asText());
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.json();
    }

    private static String statusText(JsonNode session) {
        return steps.api().get("/v1/connect-sessions/" + session.path("id").asText()).text();
    }

    private static String eventsText(String id) {
        return steps.api().get("/v1/connections/" + id + "/events").text();
    }
}
