package dev.tokenkeeper.server.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.connect.Browser.Hop;
import dev.tokenkeeper.server.connection.ConnectionsApiTest;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A provider config with a wrong client secret: the provider approves, its token endpoint refuses the code exchange
 * with invalid_client, and the failure is named for the operator (client_credentials_rejected) without the secret.
 */
class ConnectWrongClientSecretTest {
    private static final String WRONG_SECRET = "wrong-client-secret-0123456789abcdef";
    @RegisterExtension
    static final ConnectSteps steps = new ConnectSteps(config -> config.clientSecret(Secret.of(WRONG_SECRET)));

    @Test
    void reconnect_namesClientCredentialsRejected_withTheFix_andLeavesTheConnectionAsItWas_whenTheSecretIsWrong() {
        IssuedGrant grant = steps.provider().issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        Answer imported = steps.api().post("/v1/connections", ConnectionsApiTest.importBody("wrong-secret-1", grant,
                3600));
        assertThat(imported.status()).as(imported.text()).isEqualTo(201);
        String before = steps.api().get("/v1/connections/wrong-secret-1").text();
        JsonNode session = steps.start(ConnectSteps.body().put("connection_id", "wrong-secret-1"));

        Hop callback = steps.callback(steps.authorize(session));

        assertThat(callback.status()).isEqualTo(502);
        assertThat(steps.provider().history().getLast().error()).isEqualTo("invalid_client");
        Answer status = steps.api().get("/v1/connect-sessions/" + session.path("id").asText());
        JsonNode error = status.json().path("error");
        assertThat(error.path("code").asText()).isEqualTo("client_refused");
        assertThat(error.path("cause").asText()).isEqualTo("client_credentials_rejected");
        assertThat(error.path("actor").asText()).isEqualTo("operator");
        assertThat(error.path("fix").asText()).contains("client_secret", "PUT /v1/providers/fake");
        Answer events = steps.api().get("/v1/connections/wrong-secret-1/events");
        List<JsonNode> failed = new ArrayList<>();
        events.json().path("events").forEach(event -> {
            if ("connect.failed".equals(event.path("type").asText())) {
                failed.add(event);
            }
        });
        assertThat(failed).hasSize(1);
        assertThat(failed.getFirst().path("reason").path("cause").asText()).isEqualTo("client_credentials_rejected");
        assertThat(failed.getFirst().path("reason").path("provider_error").asText()).isEqualTo("invalid_client");
        assertThat(steps.api().get("/v1/connections/wrong-secret-1").text()).isEqualTo(before);
        assertThat(List.of(status.text(), events.text(), callback.body())).allSatisfy(text -> assertThat(text)
                .doesNotContain(WRONG_SECRET, FakeProvider.DEFAULT_CLIENT_SECRET, grant.accessToken(),
                        grant.refreshToken()));
    }
}
