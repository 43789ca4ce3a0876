package dev.tokenkeeper.server.proxy;

import static dev.tokenkeeper.server.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.TestService;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A Salesforce-style provider whose API base is each connection's own {@code instance_url}: the proxy reaches the
 * connection's instance, and no value of the setting (imported, or sent back by the token endpoint) can point it at
 * another host.
 */
class PerConnectionUrlTest {
    private static final String PROVIDER = "instance";
    private static final AtomicInteger IDS = new AtomicInteger();
    private static TestService service;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        service = TestService.start();
        api = service.api;
        ObjectNode config = ApiClient.object();
        config.put("token_url", service.provider.tokenUrl().toString());
        config.put("client_id", FakeProvider.DEFAULT_CLIENT_ID);
        config.put("client_secret", FakeProvider.DEFAULT_CLIENT_SECRET);
        config.put("api_base_url", "{instance_url}");
        config.putObject("whoami").put("method", "GET").put("path", "/me");
        config.putObject("connection_config").putObject("instance_url")
                .put("description", "the org's instance, from the token response")
                .put("from_token_response", "instance_url")
                .putArray("hosts").add("127.0.0.1");
        Answer saved = api.put("/v1/providers/" + PROVIDER, config);
        assertThat(saved.status()).as(saved.text()).isEqualTo(201);
        assertThat(saved.json().path("api_base_url").asText()).isEqualTo("{instance_url}");
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void theProxy_reachesTheConnectionsOwnInstance() {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        String id = importWith(grant, service.provider.apiBaseUrl().toString());

        Answer proxied = api.get("/v1/proxy/" + id + "/me");

        assertThat(proxied.status()).as(proxied.text()).isEqualTo(200);
        assertThat(proxied.json().path("grant_id").asText()).isEqualTo(grant.grantId());
        assertThat(api.get("/v1/connections/" + id).json().path("connection_config").path("instance_url").asText())
                .isEqualTo(service.provider.apiBaseUrl().toString());
        Answer report = api.post("/v1/connections/" + id + "/diagnose", null);
        assertThat(report.json().path("cause").asText()).as(report.text()).isEqualTo("none");
    }

    @Test
    void anImport_isRefused_whenTheInstanceTheApiNeedsIsMissing() {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        String id = "instance-" + IDS.incrementAndGet();

        Answer created = api.post("/v1/connections", body(id, grant, null));

        assertProblem(created, 400, "invalid_field");
        assertThat(created.json().path("field").asText()).isEqualTo("connection_config.instance_url");
        assertThat(api.get("/v1/connections/" + id).status()).isEqualTo(404);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"https://evil.example", "http://169.254.169.254", "http://127.0.0.1.evil.example:80",
            "http://127.0.0.1:80@evil.example", "http://evil.example#@127.0.0.1", "http://127.0.0.1:1/admin",
            "http://127.0.0.1:1?x=1", "file:///etc/passwd", "http://localhost:1", "http://[::1]:1", "http://2130706433",
            "http://127.0.0.1%2f@evil.example", "http://127.0.0.1\\@evil.example", " http://127.0.0.1:1"})
    void anImport_isRefused_andStoresNothing_whenTheInstanceUrlCouldLeaveTheAllowedHosts(String value) {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        String id = "instance-" + IDS.incrementAndGet();

        Answer asSetting = api.post("/v1/connections", body(id, grant, Map.of("instance_url", value)));
        Answer asCredential = api.post("/v1/connections", withCredential(body(id, grant, null), value));

        assertProblem(asSetting, 400, "invalid_field");
        assertProblem(asCredential, 400, "invalid_field");
        assertThat(asSetting.json().path("field").asText()).isEqualTo("connection_config.instance_url");
        assertThat(asCredential.json().path("field").asText()).isEqualTo("connection_config.instance_url");
        assertThat(api.get("/v1/connections/" + id).status()).isEqualTo(404);
    }

    @Test
    void aTokenResponseThatMovesTheInstance_isNeverFollowed_andNamesTheCause() {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        String id = importWith(grant, service.provider.apiBaseUrl().toString());
        service.provider.grantQuirks(grant.grantId()).failNextTokenRequests(1, 200,
                Map.of("Content-Type", "application/json"), """
                        {"access_token": "at-moved", "token_type": "Bearer", "instance_url": "https://evil.example"}""");
        api.post("/v1/connections/" + id + "/refresh", null);
        long apiCalls = service.provider.resourceRequestCount();

        Answer proxied = api.get("/v1/proxy/" + id + "/me");
        Answer refreshed = api.post("/v1/connections/" + id + "/refresh", null);

        assertProblem(proxied, 409, "connection_config_invalid");
        assertThat(proxied.json().path("field").asText()).isEqualTo("connection_config.instance_url");
        assertThat(proxied.text()).doesNotContain("evil.example");
        assertThat(service.provider.resourceRequestCount()).isEqualTo(apiCalls);
        assertProblem(refreshed, 409, "misconfigured");
        assertThat(api.get("/v1/connections/" + id).json().path("cause").asText())
                .isEqualTo("connection_config_invalid");
    }

    @Test
    void aProviderConfig_isRefused_namingTheField_whenAPlaceholderCouldMoveTheHost() {
        ObjectNode config = ApiClient.object();
        config.put("token_url", "https://api.{region}/token");
        config.put("client_id", FakeProvider.DEFAULT_CLIENT_ID);
        config.putObject("connection_config").putObject("region");

        Answer saved = api.put("/v1/providers/moving-host", config);

        assertProblem(saved, 400, "invalid_field");
        assertThat(saved.json().path("field").asText()).isEqualTo("token_url");
        assertThat(api.get("/v1/providers/moving-host").status()).isEqualTo(404);
    }

    @Test
    void aSettingTheProviderDoesNotHave_isRefused() {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);

        Answer created = api.post("/v1/connections", body("instance-" + IDS.incrementAndGet(), grant,
                Map.of("instance_url", service.provider.apiBaseUrl().toString(), "subdomain", "acme")));

        assertProblem(created, 400, "invalid_field");
        assertThat(created.json().path("field").asText()).isEqualTo("connection_config.subdomain");
    }

    @Test
    void aConnectSession_isRefused_whenTheAuthorizationUrlNeedsAPerConnectionValueItLacks() {
        ObjectNode config = ApiClient.object();
        config.put("authorization_url", "https://{subdomain}.zendesk.com/oauth/authorizations/new");
        config.put("token_url", "https://{subdomain}.zendesk.com/oauth/tokens");
        config.put("client_id", FakeProvider.DEFAULT_CLIENT_ID);
        config.putObject("connection_config").putObject("subdomain").put("pattern", "[a-z0-9-]{1,63}");
        assertThat(api.put("/v1/providers/per-customer", config).status()).isEqualTo(201);
        ObjectNode session = ApiClient.object().put("provider", "per-customer");

        Answer started = api.post("/v1/connect-sessions", session);

        assertProblem(started, 400, "invalid_field");
        assertThat(started.json().path("field").asText()).isEqualTo("connection_config.subdomain");
    }

    private static String importWith(IssuedGrant grant, String instanceUrl) {
        String id = "instance-" + IDS.incrementAndGet();
        Answer created = api.post("/v1/connections", body(id, grant, Map.of("instance_url", instanceUrl)));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return id;
    }

    private static ObjectNode body(String id, IssuedGrant grant, Map<String, String> settings) {
        ObjectNode body = ApiClient.object();
        body.put("provider", PROVIDER);
        body.put("connection_id", id);
        ObjectNode credentials = body.putObject("credentials");
        credentials.put("access_token", grant.accessToken());
        credentials.put("refresh_token", grant.refreshToken());
        credentials.put("expires_in", 3600);
        if (settings != null) {
            settings.forEach(body.putObject("connection_config")::put);
        }
        return body;
    }

    private static ObjectNode withCredential(ObjectNode body, String instanceUrl) {
        ((ObjectNode) body.get("credentials")).put("instance_url", instanceUrl);
        return body;
    }
}
