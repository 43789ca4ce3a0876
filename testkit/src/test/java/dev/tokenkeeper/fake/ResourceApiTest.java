package dev.tokenkeeper.fake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenkeeper.fake.OAuthClient.Reply;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResourceApiTest {
    private final ManualClock clock = new ManualClock();
    private final FakeProvider provider = FakeProvider.start(clock);
    private final OAuthClient client = new OAuthClient(provider);
    private final IssuedGrant grant = provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID, "read");

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void me_answersGrantSubjectAndScope_forValidToken() {
        JsonNode me = client.me(grant.accessToken()).json();

        assertThat(me.path("grant_id").asText()).isEqualTo(grant.grantId());
        assertThat(me.path("sub").asText()).isEqualTo(grant.subject());
        assertThat(me.path("scope").asText()).isEqualTo("read");
    }

    @Test
    void echo_echoesRequestWithoutAuthorizationHeader() {
        Reply reply = OAuthClient.send(HttpRequest.newBuilder(provider.apiBaseUrl().resolve("/echo/a/b?x=1&y=2"))
                .header("Authorization", "Bearer " + grant.accessToken())
                .header("X-Custom", "yes")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"n\":1}")).build());

        JsonNode echo = reply.json();
        assertThat(reply.status()).isEqualTo(200);
        assertThat(echo.path("method").asText()).isEqualTo("PATCH");
        assertThat(echo.path("path").asText()).isEqualTo("/echo/a/b");
        assertThat(echo.path("query").asText()).isEqualTo("x=1&y=2");
        assertThat(echo.path("body").asText()).isEqualTo("{\"n\":1}");
        assertThat(echo.path("grant_id").asText()).isEqualTo(grant.grantId());
        assertThat(echo.path("headers").path("X-custom").get(0).asText()).isEqualTo("yes");
        assertThat(reply.body()).doesNotContain(grant.accessToken()).doesNotContainIgnoringCase("authorization");
    }

    @Test
    void expiredToken_answers401WithInvalidTokenChallenge_byDefault() {
        clock.advance(grant.expiresIn());

        Reply reply = client.me(grant.accessToken());

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.header("WWW-Authenticate")).startsWith("Bearer").contains("error=\"invalid_token\"");
    }

    @Test
    void expiredToken_answers403_whenForbiddenQuirkIsOn() {
        provider.grantQuirks(grant.grantId()).invalidTokenAnswer(InvalidTokenAnswer.FORBIDDEN);
        clock.advance(grant.expiresIn());

        Reply reply = client.me(grant.accessToken());

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.header("WWW-Authenticate")).isNull();
    }

    @Test
    void expiredToken_answers200WithOkFalse_whenSlackQuirkIsOn() {
        provider.quirks().invalidTokenAnswer(InvalidTokenAnswer.SLACK);
        clock.advance(grant.expiresIn());

        Reply reply = client.me(grant.accessToken());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("ok").asBoolean(true)).isFalse();
        assertThat(reply.text("error")).isEqualTo("invalid_auth");
    }

    @Test
    void missingBearer_answers401WithBareChallenge() {
        Reply reply = OAuthClient.send(HttpRequest.newBuilder(provider.apiBaseUrl().resolve("/me")).build());

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.header("WWW-Authenticate")).startsWith("Bearer").doesNotContain("error=");
    }

    @Test
    void revokingRefreshToken_revokesWholeGrant() {
        Reply reply = revoke(grant.refreshToken(), "refresh_token");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(provider.revocationOf(grant.grantId())).map(GrantRevocation::reason)
                .contains(RevocationReason.REVOKED_BY_CLIENT);
        assertThat(client.me(grant.accessToken()).status()).isEqualTo(401);
        assertThat(client.refresh(grant.refreshToken()).text("error")).isEqualTo("invalid_grant");
    }

    @Test
    void revokingAccessToken_revokesOnlyThatToken() {
        revoke(grant.accessToken(), "access_token");

        assertThat(client.me(grant.accessToken()).status()).isEqualTo(401);
        assertThat(client.refresh(grant.refreshToken()).status()).isEqualTo(200);
        assertThat(provider.anyGrantRevoked()).isFalse();
    }

    @Test
    void revokingUnknownToken_answers200() {
        assertThat(revoke("rt_never_issued", "refresh_token").status()).isEqualTo(200);
        assertThat(provider.anyGrantRevoked()).isFalse();
    }

    @Test
    void revokeGrant_invalidatesEveryTokenOfTheGrant() {
        provider.revokeGrant(grant.grantId());

        assertThat(client.me(grant.accessToken()).status()).isEqualTo(401);
        assertThat(client.refresh(grant.refreshToken()).text("error")).isEqualTo("invalid_grant");
        assertThat(provider.currentRefreshToken(grant.grantId())).isEmpty();
        assertThat(provider.currentAccessToken(grant.grantId())).isEmpty();
        assertThat(provider.revokedGrants()).singleElement()
                .returns(RevocationReason.REVOKED_BY_TEST, GrantRevocation::reason);
    }

    @Test
    void requestsWithTokensOfARevokedGrant_areStillAttributedToIt() {
        provider.grantQuirks(grant.grantId()).invalidTokenAnswer(InvalidTokenAnswer.FORBIDDEN);
        provider.revokeGrant(grant.grantId());

        Reply refresh = client.refresh(grant.refreshToken());
        Reply me = client.me(grant.accessToken());

        assertThat(refresh.text("error")).isEqualTo("invalid_grant");
        assertThat(provider.refreshCount(grant.grantId())).isEqualTo(1);
        assertThat(provider.history(grant.grantId())).singleElement().returns(400, TokenRequestRecord::status);
        assertThat(me.status()).isEqualTo(403);
    }

    @Test
    void expireAccessTokens_invalidatesTheGrantsAccessTokens_butKeepsItsRefreshTokenAndQuirks() {
        provider.grantQuirks(grant.grantId()).invalidTokenAnswer(InvalidTokenAnswer.FORBIDDEN);

        provider.expireAccessTokens(grant.grantId());

        assertThat(client.me(grant.accessToken()).status()).isEqualTo(403);
        assertThat(provider.currentAccessToken(grant.grantId())).isEmpty();
        assertThat(provider.anyGrantRevoked()).isFalse();
        String renewed = client.refresh(grant.refreshToken()).text("access_token");
        assertThat(client.me(renewed).status()).isEqualTo(200);
    }

    @Test
    void resourceRequestCount_countsEveryResourceRequest_withOrWithoutAValidToken() {
        client.me(grant.accessToken());
        client.me("at_unknown");

        assertThat(provider.resourceRequestCount()).isEqualTo(2);
    }

    @Test
    void accessTokenLifetime_appliesToTokensIssuedAfterwards() {
        provider.grantQuirks(grant.grantId()).accessTokenLifetime(Duration.ofSeconds(2));
        String shortLived = client.refresh(grant.refreshToken()).text("access_token");

        clock.advance(Duration.ofSeconds(2));

        assertThat(client.me(shortLived).status()).isEqualTo(401);
        assertThat(client.me(grant.accessToken()).status()).isEqualTo(200);
    }

    private Reply revoke(String token, String hint) {
        return OAuthClient.send(OAuthClient.formRequest(provider.revocationUrl(),
                        Map.of("token", token, "token_type_hint", hint))
                .header("Authorization", OAuthClient.basic(FakeProvider.DEFAULT_CLIENT_ID,
                        FakeProvider.DEFAULT_CLIENT_SECRET)).build());
    }
}
