package dev.tokenkeeper.fake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.fake.OAuthClient.Reply;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClientAuthTest {
    private static final String ODD_ID = "app:1 & co";
    private static final String ODD_SECRET = "s3cr%t:+/=";

    private final FakeProvider provider = FakeProvider.start();
    private final OAuthClient client = new OAuthClient(provider);

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void basicAuth_authenticatesFormEncodedCredentials() {
        provider.registerClient(ODD_ID, ODD_SECRET);
        IssuedGrant grant = provider.issueGrant(ODD_ID);

        Reply reply = refreshWithBasic(grant.refreshToken(), ODD_ID, ODD_SECRET);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(provider.history()).singleElement().returns(ODD_ID, TokenRequestRecord::clientId);
    }

    @Test
    void postAuth_authenticatesCredentialsInTheFormBody() {
        provider.registerClient(ODD_ID, ODD_SECRET);
        IssuedGrant grant = provider.issueGrant(ODD_ID);

        Reply reply = OAuthClient.send(OAuthClient.formRequest(provider.tokenUrl(), Map.of(
                "grant_type", "refresh_token", "refresh_token", grant.refreshToken(),
                "client_id", ODD_ID, "client_secret", ODD_SECRET)).build());

        assertThat(reply.status()).isEqualTo(200);
    }

    @Test
    void bodyOnly_answersInvalidRequestMissingClientSecret_toBasicAuth() {
        IssuedGrant grant = provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        provider.grantQuirks(grant.grantId()).clientAuthPlace(ClientAuthPlace.BODY_ONLY);

        Reply reply = refreshWithBasic(grant.refreshToken(), FakeProvider.DEFAULT_CLIENT_ID,
                FakeProvider.DEFAULT_CLIENT_SECRET);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.text("error")).isEqualTo("invalid_request");
        assertThat(reply.text("error_description")).isEqualTo("Missing required parameter: client_secret");
        assertThat(refreshInBody(grant.refreshToken()).status()).isEqualTo(200);
    }

    @Test
    void basicOnly_answersInvalidClient_toCredentialsInTheBody() {
        IssuedGrant grant = provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        provider.grantQuirks(grant.grantId()).clientAuthPlace(ClientAuthPlace.BASIC_ONLY);

        Reply reply = refreshInBody(grant.refreshToken());

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.text("error")).isEqualTo("invalid_client");
        assertThat(refreshWithBasic(grant.refreshToken(), FakeProvider.DEFAULT_CLIENT_ID,
                FakeProvider.DEFAULT_CLIENT_SECRET).status()).isEqualTo(200);
    }

    private Reply refreshInBody(String refreshToken) {
        return OAuthClient.send(OAuthClient.formRequest(provider.tokenUrl(), Map.of(
                "grant_type", "refresh_token", "refresh_token", refreshToken,
                "client_id", FakeProvider.DEFAULT_CLIENT_ID, "client_secret", FakeProvider.DEFAULT_CLIENT_SECRET))
                .build());
    }

    @Test
    void wrongSecret_answersInvalidClientWithBasicChallenge_byDefault() {
        IssuedGrant grant = provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);

        Reply reply = refreshWithBasic(grant.refreshToken(), FakeProvider.DEFAULT_CLIENT_ID, "wrong");

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.text("error")).isEqualTo("invalid_client");
        assertThat(reply.header("WWW-Authenticate")).startsWith("Basic");
        assertThat(provider.currentRefreshToken(grant.grantId())).contains(grant.refreshToken());
    }

    @Test
    void unknownClient_answersInvalidClient_byDefault() {
        IssuedGrant grant = provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);

        Reply reply = refreshWithBasic(grant.refreshToken(), "nobody", "whatever");

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.text("error")).isEqualTo("invalid_client");
    }

    @Test
    void wrongSecret_answersUnauthorizedClient_whenQuirkSaysSo() {
        provider.clientQuirks(FakeProvider.DEFAULT_CLIENT_ID).wrongSecretAnswer(ClientRejection.UNAUTHORIZED_CLIENT);
        IssuedGrant grant = provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);

        Reply reply = refreshWithBasic(grant.refreshToken(), FakeProvider.DEFAULT_CLIENT_ID, "wrong");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.text("error")).isEqualTo("unauthorized_client");
        assertThat(reply.header("WWW-Authenticate")).isNull();
    }

    @Test
    void refresh_answersUnauthorizedClient_whenClientIsRefusedDespiteCorrectSecret() {
        provider.clientQuirks(FakeProvider.DEFAULT_CLIENT_ID).refuseRefresh(true);
        IssuedGrant grant = provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);

        Reply reply = client.refresh(grant.refreshToken());

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.text("error")).isEqualTo("unauthorized_client");
    }

    @Test
    void refresh_answersInvalidGrant_whenTokenBelongsToAnotherClient() {
        provider.registerClient("other", "other-secret");
        IssuedGrant othersGrant = provider.issueGrant("other");

        Reply reply = client.refresh(othersGrant.refreshToken());

        assertThat(reply.text("error")).isEqualTo("invalid_grant");
    }

    @Test
    void tokenRequest_answersInvalidRequest_whenBothAuthMethodsAreUsed() {
        IssuedGrant grant = provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);

        Reply reply = client.token(Map.of("grant_type", "refresh_token", "refresh_token", grant.refreshToken(),
                "client_secret", FakeProvider.DEFAULT_CLIENT_SECRET));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.text("error")).isEqualTo("invalid_request");
    }

    @Test
    void tokenRequest_answersUnsupportedGrantType_forOtherGrantTypes() {
        Reply reply = client.token(Map.of("grant_type", "password"));

        assertThat(reply.text("error")).isEqualTo("unsupported_grant_type");
    }

    private Reply refreshWithBasic(String refreshToken, String clientId, String secret) {
        return OAuthClient.send(OAuthClient.formRequest(provider.tokenUrl(),
                        Map.of("grant_type", "refresh_token", "refresh_token", refreshToken))
                .header("Authorization", OAuthClient.basic(clientId, secret)).build());
    }
}
