package dev.tokenkeeper.server.connection;

import static dev.tokenkeeper.server.connection.ConnectionsApiTest.importBody;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.ServiceBackedTest;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.Test;

/** A connection whose stored secrets no longer decrypt is named as such, not reported as an anonymous failure. */
class UndecryptableConnectionTest extends ServiceBackedTest {

    @Test
    void readingAConnectionWhoseSecretsDoNotDecrypt_answersANamedProblem_withoutAStackTrace() {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        service.api.post("/v1/connections", importBody("garbled-1", grant, 3600));
        // The access token's ciphertext moved to another row: its associated data no longer matches, as after a
        // copy between databases or a lost key.
        service.tokenkeeper.parts().storage().database().withConnection(db -> {
            try (PreparedStatement swap = db.prepareStatement(
                    "update connections set access_token = refresh_token where id = ?")) {
                swap.setString(1, "garbled-1");
                return swap.executeUpdate();
            }
        });
        ApiClient unchecked = new ApiClient(service.api.base(), service.apiKey);

        Answer shown = unchecked.get("/v1/connections/garbled-1");
        Answer token = unchecked.post("/v1/connections/garbled-1/token", null);

        for (Answer answer : new Answer[] {shown, token}) {
            assertThat(answer.status()).isEqualTo(500);
            assertThat(answer.json().path("code").asText()).isEqualTo("connection_undecryptable");
            assertThat(answer.json().path("connection_id").asText()).isEqualTo("garbled-1");
            assertThat(answer.text()).doesNotContain("Exception").doesNotContain(grant.refreshToken());
        }
    }
}
