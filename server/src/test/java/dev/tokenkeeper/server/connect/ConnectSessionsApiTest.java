package dev.tokenkeeper.server.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConnectSessionsApiTest {
    @RegisterExtension
    static final ConnectSteps steps = new ConnectSteps(config -> config.scopes(List.of("read", "write"))
            .authorizationParams(Map.of("prompt", "consent", "access_type", "offline")));

    @BeforeAll
    static void registerMoreProviders() {
        FakeProvider provider = steps.provider();
        steps.service().tokenkeeper.parts().providers().save(ProviderConfig.builder("no-pkce")
                .authorizationUrl(provider.authorizationUrl()).tokenUrl(provider.tokenUrl())
                .clientId(FakeProvider.DEFAULT_CLIENT_ID).pkce(false).build());
        steps.service().tokenkeeper.parts().providers().save(ProviderConfig.builder("import-only")
                .tokenUrl(provider.tokenUrl()).clientId(FakeProvider.DEFAULT_CLIENT_ID).build());
    }

    @Test
    void create_answersAnAuthorizeUrlWithEveryParameterOfTheFlow_andAnExpiry() {
        Instant before = Instant.now();

        JsonNode session = steps.start(ConnectSteps.body().set("authorization_params",
                ApiClient.object().put("login_hint", "bob@example.com").put("prompt", "select_account")));

        assertThat(session.path("id").asText()).startsWith("cs_");
        assertThat(session.has("connection_id")).isFalse();
        URI authorize = URI.create(session.path("authorize_url").asText());
        assertThat(authorize.getPath()).isEqualTo(steps.provider().authorizationUrl().getPath());
        Map<String, String> query = Browser.query(authorize);
        assertThat(query).containsEntry("response_type", "code")
                .containsEntry("client_id", FakeProvider.DEFAULT_CLIENT_ID)
                .containsEntry("redirect_uri", steps.callbackUrl().toString())
                .containsEntry("scope", "read write")
                .containsEntry("code_challenge_method", "S256")
                .containsEntry("access_type", "offline")
                .containsEntry("prompt", "select_account")
                .containsEntry("login_hint", "bob@example.com");
        assertThat(query.get("state")).matches("[A-Za-z0-9_-]{43}");
        assertThat(query.get("code_challenge")).matches("[A-Za-z0-9_-]{43}");
        assertThat(Instant.parse(session.path("expires_at").asText()))
                .isBetween(before.plus(SessionStarter.SESSION_LIFETIME).minusSeconds(1),
                        Instant.now().plus(SessionStarter.SESSION_LIFETIME));
    }

    @Test
    void create_givesEachSessionItsOwnStateAndChallenge() {
        Map<String, String> first = Browser.query(URI.create(steps.start(ConnectSteps.body())
                .path("authorize_url").asText()));
        Map<String, String> second = Browser.query(URI.create(steps.start(ConnectSteps.body())
                .path("authorize_url").asText()));

        assertThat(first.get("state")).isNotEqualTo(second.get("state"));
        assertThat(first.get("code_challenge")).isNotEqualTo(second.get("code_challenge"));
    }

    @Test
    void create_sendsNoCodeChallenge_whenTheProviderDoesNotUsePkce() {
        JsonNode session = steps.start(ApiClient.object().put("provider", "no-pkce"));

        assertThat(Browser.query(URI.create(session.path("authorize_url").asText())))
                .containsKey("state").doesNotContainKeys("code_challenge", "code_challenge_method");
    }

    @Test
    void create_namesTheConnectionToReconnect_whenItExistsAtTheSameProvider() {
        IssuedGrant grant = steps.provider().issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        importConnection("to-reconnect", grant);

        JsonNode session = steps.start(ConnectSteps.body().put("connection_id", "to-reconnect"));

        assertThat(session.path("connection_id").asText()).isEqualTo("to-reconnect");
    }

    @Test
    void create_refusesBadInput_namingTheField_andStoresNothing() {
        importConnection("fake-connection", steps.provider().issueGrant(FakeProvider.DEFAULT_CLIENT_ID));
        long sessions = steps.storedSessions();

        assertProblem(post(ApiClient.object()), 400, "invalid_field", "provider");
        assertProblem(post(ApiClient.object().put("provider", "nope")), 400, "invalid_field", "provider");
        assertProblem(post(ApiClient.object().put("provider", "import-only")), 400, "invalid_field", "provider");
        assertProblem(post(ConnectSteps.body().put("connection_id", "bad id!")), 400, "invalid_field",
                "connection_id");
        assertProblem(post(ApiClient.object().put("provider", "no-pkce").put("connection_id", "fake-connection")),
                409, "provider_mismatch", "provider");
        assertProblem(post(ConnectSteps.body().put("connection_id", "fake-connection")
                .set("metadata", ApiClient.object().put("a", "b"))), 400, "invalid_field", "metadata");
        for (String url : List.of("/relative", "ftp://app.example/x", "https://user:pw@app.example/x", "http://",
                "not a url", "http://app.example/plain-http")) {
            assertProblem(post(ConnectSteps.body().put("redirect_after", url)), 400, "invalid_field", "redirect_after");
        }
        assertProblem(post(ConnectSteps.body().set("metadata", ApiClient.object().put("n", 5))), 400,
                "invalid_field", "metadata.n");
        assertProblem(post(ConnectSteps.body().set("authorization_params", ApiClient.object().put("state", "x"))),
                400, "invalid_field", "authorization_params.state");
        assertProblem(post(ConnectSteps.body().put("colour", "red")), 400, "invalid_field", "colour");
        assertThat(steps.storedSessions()).isEqualTo(sessions);
    }

    @Test
    void create_answers401_withoutTheApiKey() {
        Answer refused = steps.api().send(steps.api().unauthenticated("/v1/connect-sessions")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ConnectSteps.body().toString())));

        assertThat(refused.status()).isEqualTo(401);
    }

    private static Answer post(ObjectNode body) {
        return steps.api().post("/v1/connect-sessions", body);
    }

    private static void assertProblem(Answer answer, int status, String code, String field) {
        assertThat(answer.status()).as(answer.text()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.json().path("code").asText()).isEqualTo(code);
        assertThat(answer.json().path("field").asText()).isEqualTo(field);
    }

    private static void importConnection(String id, IssuedGrant grant) {
        ObjectNode body = ConnectSteps.body().put("connection_id", id);
        body.putObject("credentials").put("access_token", grant.accessToken())
                .put("refresh_token", grant.refreshToken()).put("expires_in", Duration.ofHours(1).toSeconds());
        assertThat(steps.api().post("/v1/connections", body).status()).isEqualTo(201);
    }
}
