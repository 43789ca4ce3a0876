package dev.tokenkeeper.server.connection;

import static dev.tokenkeeper.server.connection.ConnectionsApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.TokenRequestRecord;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.ServiceBackedTest;
import dev.tokenkeeper.testkit.callers.Callers;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Client-credentials connections through the HTTP API: a provider with {@code grant_type: client_credentials}, a
 * connection created without credentials (Tokenkeeper asks for its first token), tokens served and renewed with one
 * request however many callers ask, and a refused client blamed on the operator with nothing stored.
 */
class ClientCredentialsApiTest extends ServiceBackedTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void createWithoutCredentials_storesTheFirstToken_andTheTokenEndpointServesIt() {
        putProvider("m2m-create", FakeProvider.DEFAULT_CLIENT_SECRET);
        long before = clientCredentialsRequests();

        Answer created = service.api.post("/v1/connections", create("m2m-create", "billing-1"));

        assertThat(created.status()).as(created.text()).isEqualTo(201);
        JsonNode body = created.json();
        assertThat(body.path("state").asText()).isEqualTo("active");
        assertThat(body.path("has_refresh_token").asBoolean()).isFalse();
        assertThat(body.path("warnings")).isEmpty();
        assertThat(body.path("cause").asText()).isEqualTo("none");
        Answer token = service.api.post("/v1/connections/billing-1/token", null);
        assertThat(token.status()).as(token.text()).isEqualTo(200);
        assertThat(token.json().path("access_token").asText()).isNotBlank();
        assertThat(clientCredentialsRequests() - before).isEqualTo(1);
        assertThat(service.api.get("/v1/providers/m2m-create").json().path("grant_type").asText())
                .isEqualTo("client_credentials");
        Answer diagnosed = service.api.post("/v1/connections/billing-1/diagnose", null);
        assertThat(diagnosed.status()).as(diagnosed.text()).isEqualTo(200);
        assertThat(diagnosed.json().path("cause").asText()).as(diagnosed.text()).isEqualTo("none");
    }

    @Test
    void tokenEndpoint_asksOnce_when200CallersAskAfterTheTokenExpired() throws Exception {
        putProvider("m2m-flight", FakeProvider.DEFAULT_CLIENT_SECRET);
        service.provider.clientQuirks(FakeProvider.DEFAULT_CLIENT_ID).accessTokenLifetime(Duration.ofSeconds(2));
        try {
            Answer created = service.api.post("/v1/connections", create("m2m-flight", "billing-2"));
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            Instant expiresAt = Instant.parse(created.json().path("expires_at").asText());
            await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(expiresAt));
            long before = clientCredentialsRequests();

            List<Answer> answers = Callers.atOnce(200,
                    i -> () -> service.api.post("/v1/connections/billing-2/token", null));

            assertThat(clientCredentialsRequests() - before).isEqualTo(1);
            assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).as(answer.text()).isEqualTo(200));
            assertThat(answers.stream().map(answer -> answer.json().path("access_token").asText()).distinct())
                    .hasSize(1);
        } finally {
            service.provider.clientQuirks(FakeProvider.DEFAULT_CLIENT_ID).accessTokenLifetime(Duration.ofHours(1));
        }
    }

    @Test
    void createWithoutCredentials_answers409Misconfigured_andStoresNothing_whenTheProviderRefusesTheClient() {
        putProvider("m2m-refused", "not-the-secret");

        Answer refused = service.api.post("/v1/connections", create("m2m-refused", "billing-3"));

        assertThat(refused.status()).as(refused.text()).isEqualTo(409);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.json().path("code").asText()).isEqualTo("misconfigured");
        assertThat(refused.json().path("last_error").path("code").asText()).isEqualTo("invalid_client");
        assertThat(refused.json().path("cause").asText()).isNotBlank();
        assertThat(refused.text()).doesNotContain("not-the-secret");
        assertThat(service.api.get("/v1/connections/billing-3").status()).isEqualTo(404);
    }

    @Test
    void importWithAnExpiredAccessToken_isRenewedAtOnce_forAClientCredentialsProvider() {
        putProvider("m2m-import", FakeProvider.DEFAULT_CLIENT_SECRET);
        long before = clientCredentialsRequests();
        ObjectNode body = create("m2m-import", "billing-5");
        body.putObject("credentials").put("access_token", "an-old-token").put("expires_at", "2026-01-01T00:00:00Z");

        Answer imported = service.api.post("/v1/connections", body);

        assertThat(imported.status()).as(imported.text()).isEqualTo(201);
        assertThat(imported.json().path("state").asText()).isEqualTo("active");
        assertThat(imported.json().path("warnings")).isEmpty();
        assertThat(Instant.parse(imported.json().path("expires_at").asText())).isAfter(Instant.now());
        assertThat(clientCredentialsRequests() - before).isEqualTo(1);
    }

    @Test
    void createWithoutCredentials_answers400NamingCredentials_forAProviderOfUserGrants() {
        Answer refused = service.api.post("/v1/connections", create(dev.tokenkeeper.server.TestService.PROVIDER,
                "billing-4"));

        assertProblem(refused, 400, "credentials");
        assertThat(refused.json().path("detail").asText()).contains("client_credentials");
        assertThat(service.api.get("/v1/connections/billing-4").status()).isEqualTo(404);
    }

    @Test
    void putProvider_refusesAClientCredentialsProviderWithoutASecret_andAnUnknownGrantType_storingNothing() {
        ObjectNode noSecret = JSON.createObjectNode().put("token_url", service.provider.tokenUrl().toString())
                .put("client_id", FakeProvider.DEFAULT_CLIENT_ID).put("grant_type", "client_credentials");
        ObjectNode unknownType = noSecret.deepCopy().put("client_secret", "s").put("grant_type", "password");

        assertProblem(service.api.put("/v1/providers/m2m-nosecret", noSecret), 400, "client_secret");
        assertProblem(service.api.put("/v1/providers/m2m-password", unknownType), 400, "grant_type");
        assertThat(service.api.get("/v1/providers/m2m-nosecret").status()).isEqualTo(404);
        assertThat(service.api.get("/v1/providers/m2m-password").status()).isEqualTo(404);
    }

    private static void putProvider(String key, String secret) {
        ObjectNode config = JSON.createObjectNode()
                .put("token_url", service.provider.tokenUrl().toString())
                .put("client_id", FakeProvider.DEFAULT_CLIENT_ID)
                .put("client_secret", secret)
                .put("grant_type", "client_credentials");
        config.putArray("scopes").add("invoices.read");
        Answer answer = service.api.put("/v1/providers/" + key, config);
        assertThat(answer.status()).as(answer.text()).isIn(200, 201);
    }

    private static ObjectNode create(String provider, String connectionId) {
        return JSON.createObjectNode().put("provider", provider).put("connection_id", connectionId);
    }

    private static long clientCredentialsRequests() {
        return service.provider.history().stream().map(TokenRequestRecord::grantType)
                .filter("client_credentials"::equals).count();
    }
}
