package dev.tokenkeeper.server.connection;

import static dev.tokenkeeper.server.connection.ConnectionsApiTest.importBody;
import static dev.tokenkeeper.server.diagnosis.DiagnosisReports.REVOKED_GRANT_CAUSES;
import static dev.tokenkeeper.server.diagnosis.DiagnosisReports.checks;
import static dev.tokenkeeper.server.diagnosis.DiagnosisReports.diagnose;
import static dev.tokenkeeper.server.diagnosis.DiagnosisReports.evidence;
import static dev.tokenkeeper.server.diagnosis.DiagnosisReports.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenkeeper.core.provider.WhoamiCheck;
import dev.tokenkeeper.server.TestService;
import dev.tokenkeeper.fake.ExpiresStyle;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DiagnoseApiTest {
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");
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

        JsonNode report = diagnose(service, "diag-ok", grant);

        assertThat(report.path("zone").asText()).isEqualTo("none");
        assertThat(report.path("healthy").asBoolean()).isTrue();
        assertThat(verdict(report)).isEqualTo("none/none/none");
        assertThat(report.path("since").isNull()).isTrue();
        assertThat(checks(report)).containsExactly("provider_config:pass", "connection_state:pass", "token:pass",
                "whoami:pass");
    }

    @Test
    void diagnose_namesTheGrant_whenTheRefreshSaysInvalidGrant() {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        service.api.post("/v1/connections", importBody("diag-dead", grant, 3600));
        service.provider.revokeGrant(grant.grantId());
        service.api.post("/v1/connections/diag-dead/refresh", null);

        JsonNode report = diagnose(service, "diag-dead", grant);

        assertThat(report.path("zone").asText()).isEqualTo("grant");
        assertThat(report.path("actor").asText()).isEqualTo("end_user");
        assertThat(report.path("cause").asText()).isIn(REVOKED_GRANT_CAUSES)
                .isEqualTo(service.api.get("/v1/connections/diag-dead").json().path("cause").asText());
        assertThat(report.path("fix").asText()).contains("reconnect link");
        assertThat(checks(report)).containsExactly("provider_config:pass", "connection_state:fail");
        assertThat(report.path("checks").get(1).path("detail").asText()).contains("invalid_grant");
        assertThat(evidence(report)).contains("last_error: the provider answered HTTP 400",
                "last_error: the provider's error: invalid_grant");
        assertThat(evidence(report)).anyMatch(fact -> fact.startsWith("timeline: POST " + service.provider.tokenUrl()
                + " (grant_type refresh_token) answered HTTP 400: invalid_grant (needs_reauth)"));
        assertThat(report.path("since").asText()).isEqualTo(service.api.get("/v1/connections/diag-dead").json()
                .path("cause_since").asText());
    }

    @Test
    void diagnose_quotesTheProvidersOwnWords_whenItRefusedTheRefreshForReuse() {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        service.api.post("/v1/connections", importBody("diag-reuse", grant, 3600));
        service.provider.grantQuirks(grant.grantId()).failNextTokenRequests(1, 400, JSON,
                "{\"error\":\"invalid_grant\",\"error_description\":\"Refresh token reuse detected\"}");
        service.api.post("/v1/connections/diag-reuse/refresh", null);

        JsonNode report = diagnose(service, "diag-reuse", grant);

        assertThat(report.path("actor").asText()).isEqualTo("end_user");
        assertThat(report.path("zone").asText()).isEqualTo("grant");
        assertThat(evidence(report)).contains(
                "last_error: the provider's description: Refresh token reuse detected");
        assertThat(evidence(report)).anyMatch(fact -> fact.startsWith("timeline: ")
                && fact.contains("Refresh token reuse detected"));
    }

    @Test
    void diagnose_quotesThePasswordChange_whenTheProviderSaysSo() {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        service.api.post("/v1/connections", importBody("diag-password", grant, 3600));
        service.provider.grantQuirks(grant.grantId()).failNextTokenRequests(1, 400, JSON,
                "{\"error\":\"invalid_grant\",\"error_description\":"
                        + "\"The user might have changed or reset their password\"}");
        service.api.post("/v1/connections/diag-password/refresh", null);

        JsonNode report = diagnose(service, "diag-password", grant);

        assertThat(report.path("healthy").asBoolean()).isFalse();
        assertThat(evidence(report)).contains(
                "last_error: the provider's description: The user might have changed or reset their password");
    }

    @Test
    void diagnose_refreshesOnceAndNamesTheGrant_whenTheApiRejectsAFreshLookingTokenAndTheRefreshFails() {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        service.api.post("/v1/connections", importBody("diag-rejected", grant, 3600));
        service.provider.revokeGrant(grant.grantId());
        long refreshes = service.provider.refreshCount(grant.grantId());

        JsonNode report = diagnose(service, "diag-rejected", grant);

        assertThat(report.path("cause").asText()).isIn(REVOKED_GRANT_CAUSES);
        assertThat(report.path("actor").asText() + "/" + report.path("zone").asText()).isEqualTo("end_user/grant");
        assertThat(checks(report)).endsWith("token:pass", "whoami:fail", "refresh:fail");
        assertThat(report.path("checks").get(3).path("detail").asText()).contains("answered 401");
        assertThat(service.provider.refreshCount(grant.grantId()) - refreshes).isEqualTo(1);
        assertThat(evidence(report)).anyMatch(fact -> fact.startsWith("whoami: GET " + service.provider.apiBaseUrl())
                && fact.contains("answered 401"));
        assertThat(evidence(report)).contains("last_error: the provider's error: invalid_grant");
        assertThat(service.api.get("/v1/connections/diag-rejected").json().path("state").asText())
                .isEqualTo("needs_reauth");
    }

    @Test
    void diagnose_namesTheTokenEndpoint_whenItsRefreshFailsRetryably() {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        service.api.post("/v1/connections", importBody("diag-5xx", grant, 2));
        service.provider.grantQuirks(grant.grantId()).serverErrorNextTokenRequests(100, 503, true);

        JsonNode report = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> service.api.post("/v1/connections/diag-5xx/diagnose", null).json(),
                        r -> r.path("zone").asText().equals("token_endpoint") && !r.path("healthy").asBoolean());

        assertThat(checks(report)).endsWith("token:fail");
        assertThat(report.path("healthy").asBoolean()).isFalse();
        assertThat(verdict(report)).isEqualTo("provider_outage/provider/token_endpoint");
        assertThat(evidence(report)).contains("last_error: the provider answered HTTP 503");
        assertThat(evidence(report)).anyMatch(fact -> fact.startsWith("connection: the next refresh is due at "));
    }

    @Test
    void diagnose_isHealthyButNamesTheExpiryUnit_whenTheLastRefreshReadExpiresInAsMilliseconds() {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        service.api.post("/v1/connections", importBody("diag-millis", grant, 3600));
        service.provider.grantQuirks(grant.grantId()).expiresStyle(ExpiresStyle.MILLISECONDS);
        assertThat(service.api.post("/v1/connections/diag-millis/refresh", null).status()).isEqualTo(200);

        JsonNode report = diagnose(service, "diag-millis", grant);

        assertThat(report.path("healthy").asBoolean()).isTrue();
        assertThat(verdict(report)).isEqualTo("expires_in_unit_wrong/operator/provider_config");
        assertThat(report.path("fix").asText()).contains("token_response.expires_in_unit", "/v1/providers/fake");
        assertThat(checks(report)).endsWith("whoami:pass");
        assertThat(evidence(report)).anyMatch(fact -> fact.startsWith("timeline: ")
                && fact.contains("expires_in_milliseconds_guessed"));
    }

    @Test
    void diagnose_isHealthyButNamesClockSkew_whenTheLastRefreshsExpiresAtHadPassedOnIssue() {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        service.api.post("/v1/connections", importBody("diag-skew", grant, 3600));
        long past = Instant.now().minusSeconds(600).getEpochSecond();
        service.provider.grantQuirks(grant.grantId()).failNextTokenRequests(1, 200, JSON,
                "{\"access_token\":\"" + grant.accessToken() + "\",\"token_type\":\"Bearer\",\"expires_in\":3600,"
                        + "\"expires_at\":" + past + "}");
        assertThat(service.api.post("/v1/connections/diag-skew/refresh", null).status()).isEqualTo(200);

        JsonNode report = diagnose(service, "diag-skew", grant);

        assertThat(report.path("healthy").asBoolean()).isTrue();
        assertThat(verdict(report)).isEqualTo("clock_skew/operator/provider_config");
        assertThat(evidence(report)).anyMatch(fact -> fact.contains("expires_at_past"));
    }

    @Test
    void diagnose_ofAnUnknownConnection_is404() {
        assertThat(service.api.post("/v1/connections/nobody/diagnose", null).status()).isEqualTo(404);
    }
}
