package dev.tokenkeeper.server.provider;

import static dev.tokenkeeper.server.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.ServiceBackedTest;
import dev.tokenkeeper.server.connection.ConnectionsApiTest;
import dev.tokenkeeper.fake.FakeProvider;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.Test;

/** A catalog provider whose client credentials were never set is answered with the call that configures it. */
class ProviderNotConfiguredTest extends ServiceBackedTest {
    private static final String HOW = "configure it first: PUT /v1/providers/slack with client_id and client_secret";

    @Test
    void import_answers409ProviderNotConfigured_withTheCallThatConfiguresIt() {
        ObjectNode body = ConnectionsApiTest.importBody("slack-import-1", service.provider.issueGrant(
                FakeProvider.DEFAULT_CLIENT_ID), 3600).put("provider", "slack");

        Answer refused = service.api.post("/v1/connections", body);

        assertProblem(refused, 409, "provider_not_configured");
        assertThat(refused.json().path("detail").asText()).contains(HOW);
        assertThat(refused.json().path("provider").asText()).isEqualTo("slack");
        assertThat(refused.json().path("field").asText()).isEqualTo("provider");
        assertProblem(service.api.get("/v1/connections/slack-import-1"), 404, "not_found");
    }

    @Test
    void connectSession_answers409ProviderNotConfigured_withTheCallThatConfiguresIt() {
        Answer refused = service.api.post("/v1/connect-sessions", ApiClient.object().put("provider", "slack"));

        assertProblem(refused, 409, "provider_not_configured");
        assertThat(refused.json().path("detail").asText()).contains(HOW);
    }

    @Test
    void getProvider_showsTheCatalogTemplateAsNotConfigured() {
        Answer template = service.api.get("/v1/providers/slack");

        assertThat(template.status()).isEqualTo(200);
        assertThat(template.json().path("configured").asBoolean()).isFalse();
        assertThat(template.json().path("catalog").asBoolean()).isTrue();
    }

    @Test
    void unknownProvider_isStillAFieldError_thatSaysHowToListAndConfigureProviders() {
        ObjectNode body = ConnectionsApiTest.importBody("nobody-import-1", service.provider.issueGrant(
                FakeProvider.DEFAULT_CLIENT_ID), 3600).put("provider", "nobody-knows");

        Answer refused = service.api.post("/v1/connections", body);

        assertProblem(refused, 400, "invalid_field");
        assertThat(refused.json().path("detail").asText()).contains("GET /v1/providers",
                "PUT /v1/providers/nobody-knows");
    }

    @Test
    void proxy_answers409ProviderNotConfigured_forAConnectionOfACatalogProviderWithoutConfig() {
        String id = "slack-legacy-1";
        service.api.post("/v1/connections", ConnectionsApiTest.importBody(id, service.provider.issueGrant(
                FakeProvider.DEFAULT_CLIENT_ID), 3600));
        // A row written before provider deletes were guarded: its provider has no stored config.
        service.tokenkeeper.parts().storage().database().withConnection(db -> {
            try (PreparedStatement update = db.prepareStatement(
                    "update connections set provider_key = 'slack' where id = ?")) {
                update.setString(1, id);
                return update.executeUpdate();
            }
        });

        Answer refused = service.api.get("/v1/proxy/" + id + "/me");

        assertProblem(refused, 409, "provider_not_configured");
        assertThat(refused.json().path("detail").asText()).contains(HOW);
    }
}
