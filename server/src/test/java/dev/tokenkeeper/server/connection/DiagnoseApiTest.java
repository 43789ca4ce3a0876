package dev.tokenkeeper.server.connection;

import static dev.tokenkeeper.server.connection.ConnectionsApiTest.importBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenkeeper.core.provider.WhoamiCheck;
import dev.tokenkeeper.server.TestService;
import dev.tokenkeeper.testkit.fake.FakeProvider;
import dev.tokenkeeper.testkit.fake.IssuedGrant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DiagnoseApiTest {
    private static TestService service;

    @BeforeAll
    static void start() {
        service = TestService.start(false, config -> config.whoami(new WhoamiCheck("GET", "/me")));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void diagnose_saysHealthy_whenTheTokenWorksAtTheApi() {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        service.api.post("/v1/connections", importBody("diag-ok", grant, 3600));

        JsonNode report = service.api.post("/v1/connections/diag-ok/diagnose", null).json();

        assertThat(report.path("zone").asText()).isEqualTo("none");
        assertThat(report.path("healthy").asBoolean()).isTrue();
        assertThat(checks(report)).containsExactly("provider_config:pass", "connection_state:pass", "token:pass",
                "whoami:pass");
        assertThat(report.toString()).doesNotContain(grant.accessToken());
    }

    @Test
    void diagnose_namesTheGrant_whenTheRefreshSaysInvalidGrant() {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        service.api.post("/v1/connections", importBody("diag-dead", grant, 3600));
        service.provider.revokeGrant(grant.grantId());
        service.api.post("/v1/connections/diag-dead/refresh", null);

        JsonNode report = service.api.post("/v1/connections/diag-dead/diagnose", null).json();

        assertThat(report.path("zone").asText()).isEqualTo("grant");
        assertThat(checks(report)).containsExactly("provider_config:pass", "connection_state:fail");
        assertThat(report.path("checks").get(1).path("detail").asText()).contains("invalid_grant");
    }

    @Test
    void diagnose_namesTheGrant_whenTheApiRejectsAFreshLookingToken() {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        service.api.post("/v1/connections", importBody("diag-rejected", grant, 3600));
        service.provider.revokeGrant(grant.grantId());

        JsonNode report = service.api.post("/v1/connections/diag-rejected/diagnose", null).json();

        assertThat(report.path("zone").asText()).isEqualTo("grant");
        assertThat(checks(report)).endsWith("token:pass", "whoami:fail");
        assertThat(report.path("checks").get(3).path("detail").asText()).contains("answered 401");
    }

    @Test
    void diagnose_namesTheTokenEndpoint_whenItsRefreshFailsRetryably() {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        service.api.post("/v1/connections", importBody("diag-5xx", grant, 2));
        service.provider.grantQuirks(grant.grantId()).serverErrorNextTokenRequests(100, 503, true);

        JsonNode report = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> service.api.post("/v1/connections/diag-5xx/diagnose", null).json(),
                        r -> r.path("zone").asText().equals("token_endpoint"));

        assertThat(checks(report)).endsWith("token:fail");
        assertThat(report.path("healthy").asBoolean()).isFalse();
    }

    @Test
    void diagnose_ofAnUnknownConnection_is404() {
        assertThat(service.api.post("/v1/connections/nobody/diagnose", null).status()).isEqualTo(404);
    }

    private static List<String> checks(JsonNode report) {
        List<String> names = new ArrayList<>();
        report.path("checks").forEach(c -> names.add(c.path("name").asText() + ":" + c.path("status").asText()));
        return names;
    }
}
