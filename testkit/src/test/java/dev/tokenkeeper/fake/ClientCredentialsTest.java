package dev.tokenkeeper.fake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.fake.OAuthClient.Reply;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fake's client-credentials grant: an access token for the authenticated client, never a refresh token. */
class ClientCredentialsTest {
    private final FakeProvider provider = FakeProvider.start();

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void clientCredentials_issuesAnAccessTokenWithoutARefreshToken_thatTheResourceApiAccepts() {
        Reply reply = ask(Map.of("grant_type", "client_credentials", "scope", "invoices.read"),
                FakeProvider.DEFAULT_CLIENT_SECRET);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().has("refresh_token")).isFalse();
        assertThat(reply.text("scope")).isEqualTo("invoices.read");
        Reply me = OAuthClient.send(java.net.http.HttpRequest.newBuilder(provider.apiBaseUrl().resolve("me"))
                .header("Authorization", "Bearer " + reply.text("access_token")).build());
        assertThat(me.status()).isEqualTo(200);
        assertThat(provider.history()).singleElement()
                .returns("client_credentials", TokenRequestRecord::grantType)
                .returns(FakeProvider.DEFAULT_CLIENT_ID, TokenRequestRecord::clientId);
    }

    @Test
    void clientCredentials_answersInvalidClient_toAWrongSecret_andInvalidRequest_toARefreshToken() {
        Reply wrong = ask(Map.of("grant_type", "client_credentials"), "not-the-secret");
        Reply mixed = ask(Map.of("grant_type", "client_credentials", "refresh_token", "rt"),
                FakeProvider.DEFAULT_CLIENT_SECRET);

        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.text("error")).isEqualTo("invalid_client");
        assertThat(mixed.status()).isEqualTo(400);
        assertThat(mixed.text("error")).isEqualTo("invalid_request");
    }

    private Reply ask(Map<String, String> form, String secret) {
        return OAuthClient.send(OAuthClient.formRequest(provider.tokenUrl(), form)
                .header("Authorization", OAuthClient.basic(FakeProvider.DEFAULT_CLIENT_ID, secret)).build());
    }
}
