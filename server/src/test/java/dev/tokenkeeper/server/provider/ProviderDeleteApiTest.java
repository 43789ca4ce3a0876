package dev.tokenkeeper.server.provider;

import static dev.tokenkeeper.server.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.ServiceBackedTest;
import dev.tokenkeeper.server.Tokenkeeper;
import dev.tokenkeeper.server.connection.ConnectionsApiTest;
import dev.tokenkeeper.fake.FakeProvider;
import org.junit.jupiter.api.Test;

/** {@code DELETE /v1/providers/{key}}: refused while connections use the provider, 404 when nothing is stored. */
class ProviderDeleteApiTest extends ServiceBackedTest {

    @Test
    void delete_answersTheConfigAsItWas_andTheProviderIsGone_whenNoConnectionUsesIt() {
        service.api.put("/v1/providers/unused", fakeProvider());

        Answer deleted = service.api.delete("/v1/providers/unused");

        assertThat(deleted.status()).as(deleted.text()).isEqualTo(200);
        assertThat(deleted.json().path("key").asText()).isEqualTo("unused");
        assertThat(deleted.json().path("deleted").asBoolean()).isTrue();
        assertThat(deleted.json().path("configured").asBoolean()).isFalse();
        assertThat(deleted.text()).doesNotContain(FakeProvider.DEFAULT_CLIENT_SECRET);
        assertProblem(service.api.get("/v1/providers/unused"), 404, "not_found");
        assertProblem(service.api.delete("/v1/providers/unused"), 404, "not_found");
    }

    @Test
    void delete_isRefusedWith409_namingHowManyConnectionsUseIt_untilTheyAreDeleted() {
        service.api.put("/v1/providers/busy", fakeProvider());
        for (String id : new String[] {"busy-1", "busy-2"}) {
            ObjectNode body = ConnectionsApiTest.importBody(id, service.provider.issueGrant(
                    FakeProvider.DEFAULT_CLIENT_ID), 3600).put("provider", "busy");
            assertThat(service.api.post("/v1/connections", body).status()).isEqualTo(201);
        }

        Answer refused = service.api.delete("/v1/providers/busy");

        assertProblem(refused, 409, "provider_in_use");
        assertThat(refused.json().path("connections").asLong()).isEqualTo(2);
        assertThat(refused.json().path("detail").asText()).contains("2 connections", "delete them first",
                "GET /v1/connections?provider=busy");
        assertThat(service.api.get("/v1/providers/busy").json().path("configured").asBoolean()).isTrue();
        service.api.delete("/v1/connections/busy-1");
        assertProblem(service.api.delete("/v1/providers/busy"), 409, "provider_in_use");
        service.api.delete("/v1/connections/busy-2");
        assertThat(service.api.delete("/v1/providers/busy").status()).isEqualTo(200);
    }

    @Test
    void delete_ofACatalogProvider_dropsItsCredentials_andLeavesTheTemplate() {
        service.api.put("/v1/providers/notion", ApiClient.object().put("client_id", "notion-client")
                .put("client_secret", "notion-secret-value"));

        Answer deleted = service.api.delete("/v1/providers/notion");
        Answer template = service.api.get("/v1/providers/notion");

        assertThat(deleted.status()).as(deleted.text()).isEqualTo(200);
        assertThat(deleted.json().path("catalog").asBoolean()).isTrue();
        assertThat(template.status()).isEqualTo(200);
        assertThat(template.json().path("configured").asBoolean()).isFalse();
        assertThat(template.json().path("client_id").isNull()).isTrue();
        Answer again = service.api.delete("/v1/providers/notion");
        assertProblem(again, 404, "not_found");
        assertThat(again.json().path("detail").asText()).contains("not configured", "nothing to delete");
    }

    @Test
    void delete_answers404_forAKeyNeverStored_andForAKeyOfTheWrongForm() {
        assertProblem(service.api.delete("/v1/providers/never-stored"), 404, "not_found");
        Answer wrongForm = service.api.delete("/v1/providers/" + "K".repeat(100));

        assertProblem(wrongForm, 404, "not_found");
        assertThat(wrongForm.json().path("detail").asText()).contains("1-63 characters").doesNotContain("KKKK");
    }

    @Test
    void importAfterTheDelete_isRefused_asForAnyProviderNotConfigured() {
        service.api.put("/v1/providers/short-lived", fakeProvider());
        service.api.delete("/v1/providers/short-lived");
        ObjectNode body = ConnectionsApiTest.importBody("after-delete-1", service.provider.issueGrant(
                FakeProvider.DEFAULT_CLIENT_ID), 3600).put("provider", "short-lived");

        Answer refused = service.api.post("/v1/connections", body);

        assertProblem(refused, 400, "invalid_field");
        assertThat(refused.json().path("field").asText()).isEqualTo("provider");
        assertProblem(service.api.get("/v1/connections/after-delete-1"), 404, "not_found");
    }

    @Test
    void importOnAnotherInstance_whoseCacheStillHoldsTheDeletedProvider_isRefusedByTheDatabase() {
        service.api.put("/v1/providers/cached", fakeProvider());
        try (Tokenkeeper second = service.anotherInstance()) {
            ApiClient secondApi = new ApiClient(second.baseUrl(), service.apiKey);
            assertThat(secondApi.get("/v1/providers/cached").status()).isEqualTo(200);
            assertThat(second.parts().providers().find("cached")).isPresent();

            assertThat(service.api.delete("/v1/providers/cached").status()).isEqualTo(200);
            ObjectNode body = ConnectionsApiTest.importBody("cached-1", service.provider.issueGrant(
                    FakeProvider.DEFAULT_CLIENT_ID), 3600).put("provider", "cached");
            Answer refused = secondApi.post("/v1/connections", body);

            assertProblem(refused, 400, "invalid_field");
            assertThat(refused.json().path("field").asText()).isEqualTo("provider");
            assertProblem(service.api.get("/v1/connections/cached-1"), 404, "not_found");
        }
    }

    private static ObjectNode fakeProvider() {
        var fake = service.provider;
        return ApiClient.object()
                .put("token_url", fake.tokenUrl().toString())
                .put("authorization_url", fake.authorizationUrl().toString())
                .put("api_base_url", fake.apiBaseUrl().toString())
                .put("client_id", FakeProvider.DEFAULT_CLIENT_ID)
                .put("client_secret", FakeProvider.DEFAULT_CLIENT_SECRET);
    }
}
