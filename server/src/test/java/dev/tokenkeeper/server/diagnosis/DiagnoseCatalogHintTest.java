package dev.tokenkeeper.server.diagnosis;

import static dev.tokenkeeper.server.diagnosis.DiagnosisReports.importAs;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.TestService;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A built-in provider's known causes reach the answer: the catalog's hint is part of the evidence. */
class DiagnoseCatalogHintTest {
    private static TestService service;

    @BeforeAll
    static void start() {
        service = TestService.start();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void diagnose_quotesGooglesListOfReasons_whenGoogleSaysExpiredOrRevoked() {
        ObjectNode google = ApiClient.object();
        google.put("client_id", FakeProvider.DEFAULT_CLIENT_ID);
        google.put("client_secret", FakeProvider.DEFAULT_CLIENT_SECRET);
        google.put("authorization_url", service.provider.authorizationUrl().toString());
        google.put("token_url", service.provider.tokenUrl().toString());
        google.put("api_base_url", service.provider.apiBaseUrl().toString());
        google.putNull("revocation_url");
        assertThat(service.api.put("/v1/providers/google", google).status()).isIn(200, 201);
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        importAs(service, "google", "google-hint", grant, 3600);
        service.provider.revokeGrant(grant.grantId());
        service.api.post("/v1/connections/google-hint/refresh", null);

        JsonNode report = service.api.post("/v1/connections/google-hint/diagnose", null).json();

        assertThat(report.path("cause").asText()).isEqualTo("grant_expired_or_revoked");
        assertThat(report.path("actor").asText()).isEqualTo("end_user");
        assertThat(report.path("evidence").findValuesAsText("detail"))
                .anySatisfy(detail -> assertThat(detail).contains("Token has been expired or revoked."))
                .anySatisfy(detail -> assertThat(detail).contains("Testing", "100 refresh tokens"));
    }
}
