package dev.tokenkeeper.server.connection;

import static dev.tokenkeeper.server.connection.ConnectionsApiTest.assertProblem;
import static dev.tokenkeeper.server.connection.ConnectionsApiTest.importBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.ServiceBackedTest;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import dev.tokenkeeper.testkit.logs.StandardErrorCapture;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Importing a grant migrated from another system: an access token that expired already is renewed at once when the
 * grant has a refresh token, and refused when nothing could renew it; a grant without a refresh token whose access
 * token expires is stored with a warning.
 */
class ImportMigratedGrantTest extends ServiceBackedTest {

    @Test
    void import_refreshesAnExpiredAccessTokenAtOnce_andAnswers201WithTheRefreshedExpiry_whenItHasARefreshToken() {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        long refreshesBefore = service.provider.refreshCount(grant.grantId());

        Answer created = service.api.post("/v1/connections", expired("migrated-1", grant));

        assertThat(created.status()).as(created.text()).isEqualTo(201);
        JsonNode body = created.json();
        assertThat(body.path("state").asText()).isEqualTo("active");
        assertThat(body.path("refresh_count").asLong()).isEqualTo(1);
        assertThat(Instant.parse(body.path("expires_at").asText())).isAfter(Instant.now());
        assertThat(body.path("warnings")).isEmpty();
        assertThat(service.provider.refreshCount(grant.grantId())).isEqualTo(refreshesBefore + 1);
        assertThat(created.text()).doesNotContain(grant.accessToken(), grant.refreshToken());
        String served = service.api.post("/v1/connections/migrated-1/token", null).json().path("access_token")
                .asText();
        assertThat(served).isNotEqualTo(grant.accessToken())
                .isEqualTo(service.provider.currentAccessToken(grant.grantId()).orElseThrow());
    }

    @Test
    void import_storesTheConnectionAsNeedsReauth_andAnswers201_whenTheExpiredGrantsRefreshIsRefused() {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        service.provider.revokeGrant(grant.grantId());

        Answer created = service.api.post("/v1/connections", expired("migrated-dead", grant));

        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.json().path("state").asText()).isEqualTo("needs_reauth");
        assertThat(created.json().path("last_error").path("code").asText()).isEqualTo("invalid_grant");
        assertThat(service.api.get("/v1/connections/migrated-dead").json().path("state").asText())
                .isEqualTo("needs_reauth");
    }

    @Test
    void import_refuses400NamingTheField_andStoresNothing_whenTheAccessTokenExpiredAndThereIsNoRefreshToken() {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        ObjectNode body = expired("migrated-unrenewable", grant);
        ((ObjectNode) body.get("credentials")).remove("refresh_token");

        Answer refused = service.api.post("/v1/connections", body);

        assertProblem(refused, 400, "credentials.expires_at");
        assertThat(refused.json().path("detail").asText()).contains("credentials.refresh_token", "renew");
        assertThat(refused.text()).doesNotContain(grant.accessToken());
        assertThat(service.api.get("/v1/connections/migrated-unrenewable").status()).isEqualTo(404);
    }

    @Test
    void import_answers201WithANoRefreshTokenWarning_anEventAndALogLine_whenTheTokenExpiresUnrenewable() {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        ObjectNode body = importBody("no-refresh-1", grant, 3600);
        ((ObjectNode) body.get("credentials")).remove("refresh_token");
        Answer created;
        String logs;
        try (StandardErrorCapture stderr = new StandardErrorCapture()) {
            created = service.api.post("/v1/connections", body);
            logs = stderr.text();
        }

        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.json().path("state").asText()).isEqualTo("active");
        assertThat(created.json().path("warnings")).hasSize(1);
        JsonNode warning = created.json().path("warnings").get(0);
        assertThat(warning.path("cause").asText()).isEqualTo("no_refresh_token");
        assertThat(warning.path("actor").asText()).isEqualTo("operator");
        assertThat(warning.path("fix").asText()).contains("offline_access", "prompt=consent");
        JsonNode first = service.api.get("/v1/connections/no-refresh-1/events").json().path("events").get(0);
        assertThat(first.path("type").asText()).isEqualTo("connection.created");
        assertThat(first.path("reason").path("cause").asText()).isEqualTo("no_refresh_token");
        assertThat(logs).contains("connection_without_refresh_token connection=no-refresh-1 provider=fake")
                .contains("access_type=offline").doesNotContain(grant.accessToken());
    }

    @Test
    void import_warnsOfNothing_whenTheAccessTokenNeverExpires_evenWithoutARefreshToken() {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        ObjectNode body = importBody("never-expires-1", grant, 3600);
        ObjectNode credentials = (ObjectNode) body.get("credentials");
        credentials.remove("refresh_token");
        credentials.remove("expires_in");

        Answer created = service.api.post("/v1/connections", body);

        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.json().path("warnings")).isEmpty();
        JsonNode first = service.api.get("/v1/connections/never-expires-1/events").json().path("events").get(0);
        assertThat(first.path("reason").isNull()).isTrue();
    }

    /** The import of {@code grant} as {@code id} with an access token that expired an hour ago. */
    private static ObjectNode expired(String id, IssuedGrant grant) {
        ObjectNode body = importBody(id, grant, 3600);
        ObjectNode credentials = (ObjectNode) body.get("credentials");
        credentials.remove("expires_in");
        credentials.put("expires_at", Instant.now().minusSeconds(3600).toString());
        return body;
    }
}
