package dev.tokenkeeper.server.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.ServiceBackedTest;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A client-credentials connection that turned misconfigured (the provider stopped accepting the client's secret) is
 * re-verified once the operator fixes the provider's config, and is active again without being created anew.
 */
@ServiceBackedTest.ProactiveRefresh
class ClientCredentialsReverifyTest extends ServiceBackedTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROTATED = "rotated-client-secret";

    @Test
    void aMisconfiguredClientCredentialsConnection_isActiveAgain_afterTheProviderConfigIsFixed() {
        service.provider.clientQuirks(FakeProvider.DEFAULT_CLIENT_ID).accessTokenLifetime(Duration.ofSeconds(2));
        try {
            assertThat(putProvider(FakeProvider.DEFAULT_CLIENT_SECRET).status()).isIn(200, 201);
            Answer created = service.api.post("/v1/connections", JSON.createObjectNode()
                    .put("provider", "m2m-reverify").put("connection_id", "reverify-1"));
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            Instant expiresAt = Instant.parse(created.json().path("expires_at").asText());
            service.provider.registerClient(FakeProvider.DEFAULT_CLIENT_ID, ROTATED);
            await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(expiresAt));

            Answer refused = service.api.post("/v1/connections/reverify-1/token", null);
            assertThat(refused.status()).as(refused.text()).isEqualTo(409);
            assertThat(refused.json().path("code").asText()).isEqualTo("misconfigured");

            Answer fixed = putProvider(ROTATED);
            assertThat(fixed.status()).as(fixed.text()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    service.api.get("/v1/connections/reverify-1").json().path("state").asText()).isEqualTo("active"));
            Answer token = service.api.post("/v1/connections/reverify-1/token", null);
            assertThat(token.status()).as(token.text()).isEqualTo(200);
        } finally {
            service.provider.registerClient(FakeProvider.DEFAULT_CLIENT_ID, FakeProvider.DEFAULT_CLIENT_SECRET);
            service.provider.clientQuirks(FakeProvider.DEFAULT_CLIENT_ID).accessTokenLifetime(Duration.ofHours(1));
        }
    }

    private static Answer putProvider(String secret) {
        ObjectNode config = JSON.createObjectNode()
                .put("token_url", service.provider.tokenUrl().toString())
                .put("client_id", FakeProvider.DEFAULT_CLIENT_ID)
                .put("client_secret", secret)
                .put("grant_type", "client_credentials");
        return service.api.put("/v1/providers/m2m-reverify", config);
    }
}
