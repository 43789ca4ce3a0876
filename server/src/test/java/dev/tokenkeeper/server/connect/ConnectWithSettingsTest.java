package dev.tokenkeeper.server.connect;

import static dev.tokenkeeper.server.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.connect.Browser.Hop;
import java.net.URI;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A provider whose authorization and token URLs hold a per-connection setting (a Zendesk-style subdomain, here a path
 * segment of the fake provider): the connect session fills them with its {@code connection_config}, the callback
 * exchanges the code at the filled token URL, and the new connection keeps the value for its refreshes.
 */
class ConnectWithSettingsTest {
    private static final String PROVIDER = "per-area";

    @RegisterExtension
    static final ConnectSteps steps = new ConnectSteps();

    @BeforeAll
    static void registerTheProvider() {
        FakeProvider fake = steps.provider();
        ObjectNode config = ApiClient.object();
        config.put("authorization_url", fake.authorizationUrl().toString().replace("/oauth/", "/{area}/"));
        config.put("token_url", fake.tokenUrl().toString().replace("/oauth/", "/{area}/"));
        config.put("api_base_url", fake.apiBaseUrl().toString());
        config.put("client_id", FakeProvider.DEFAULT_CLIENT_ID);
        config.put("client_secret", FakeProvider.DEFAULT_CLIENT_SECRET);
        config.putObject("connection_config").putObject("area").put("description", "the customer's area")
                .put("pattern", "[a-z]{1,20}");
        Answer saved = steps.api().put("/v1/providers/" + PROVIDER, config);
        assertThat(saved.status()).as(saved.text()).isEqualTo(201);
        assertThat(saved.json().path("token_url").asText()).endsWith("/{area}/token");
    }

    @Test
    void connect_fillsTheUrlsWithTheSessionsSetting_andTheConnectionKeepsItForItsRefreshes() {
        JsonNode session = steps.start(body().put("redirect_after", "https://app.example/done")
                .set("connection_config", ApiClient.object().put("area", "oauth")));
        URI authorizeUrl = URI.create(session.path("authorize_url").asText());

        Hop callback = steps.callback(steps.authorize(session));
        String id = Browser.query(callback.location()).get("connection_id");
        long refreshes = steps.provider().refreshCount();
        Answer refreshed = steps.api().post("/v1/connections/" + id + "/refresh", null);

        assertThat(authorizeUrl.getPath()).isEqualTo("/oauth/authorize");
        assertThat(callback.status()).as(callback.body()).isEqualTo(303);
        assertThat(refreshed.status()).as(refreshed.text()).isEqualTo(200);
        assertThat(steps.provider().refreshCount()).isEqualTo(refreshes + 1);
        assertThat(steps.whoAmI(refreshed.json().path("access_token").asText()).path("grant_id").asText())
                .startsWith("grant-");
    }

    @Test
    void aReconnect_startsFromTheConnectionsOwnSetting() {
        String id = steps.connect(body().set("connection_config", ApiClient.object().put("area", "oauth")));

        JsonNode session = steps.start(body().put("connection_id", id).put("redirect_after", "https://app.example/done"));

        assertThat(URI.create(session.path("authorize_url").asText()).getPath()).isEqualTo("/oauth/authorize");
        Hop callback = steps.callback(steps.authorize(session));
        assertThat(callback.status()).as(callback.body()).isEqualTo(303);
        assertThat(steps.api().post("/v1/connections/" + id + "/refresh", null).status()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{}", "{\"area\": \"..\"}", "{\"area\": \"oauth/../admin\"}", "{\"area\": \"OAUTH\"}",
            "{\"area\": \"evil.example\"}", "{\"region\": \"eu\"}"})
    void aSession_isRefused_andNothingIsStarted_whenTheSettingIsMissingUnknownOrBreaksItsRule(String settings)
            throws Exception {
        ObjectNode body = body().set("connection_config", ApiClient.MAPPER.readTree(settings));

        Answer started = steps.api().post("/v1/connect-sessions", body);

        assertProblem(started, 400, "invalid_field");
        assertThat(started.json().path("field").asText()).startsWith("connection_config.");
    }

    private static ObjectNode body() {
        return ApiClient.object().put("provider", PROVIDER);
    }
}
