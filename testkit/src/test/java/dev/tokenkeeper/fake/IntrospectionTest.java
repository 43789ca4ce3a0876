package dev.tokenkeeper.fake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.fake.OAuthClient.Reply;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fake provider's RFC 7662 introspection endpoint follows its real token state. */
class IntrospectionTest {
    private final ManualClock clock = new ManualClock();
    private final FakeProvider provider = FakeProvider.start(clock);
    private final OAuthClient client = new OAuthClient(provider);
    private final IssuedGrant grant = provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID, "read", "write");

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void introspect_saysActive_forTheCurrentRefreshToken() {
        Reply reply = introspect(grant.refreshToken(), FakeProvider.DEFAULT_CLIENT_SECRET);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("active").asBoolean()).isTrue();
        assertThat(reply.text("token_type")).isEqualTo("refresh_token");
        assertThat(reply.text("client_id")).isEqualTo(FakeProvider.DEFAULT_CLIENT_ID);
        assertThat(reply.text("sub")).isEqualTo(grant.subject());
        assertThat(provider.introspectionCount()).isEqualTo(1);
        assertThat(provider.tokenRequestCount()).as("introspection is not a token request").isZero();
    }

    @Test
    void introspect_saysInactive_forARotatedAwayRefreshToken_andActiveForItsSuccessor() {
        provider.quirks().refreshTokens(RefreshTokenPolicy.ROTATE).reuseDetection(true);
        String successor = client.refresh(grant.refreshToken()).text("refresh_token");

        assertThat(introspect(grant.refreshToken(), FakeProvider.DEFAULT_CLIENT_SECRET).body())
                .isEqualTo("{\"active\":false}");
        assertThat(introspect(successor, FakeProvider.DEFAULT_CLIENT_SECRET).json().path("active").asBoolean())
                .isTrue();
        assertThat(provider.anyGrantRevoked()).as("asking is not reusing").isFalse();
    }

    @Test
    void introspect_saysActive_forARotatedRefreshToken_onlyWithinTheReuseGracePeriod() {
        provider.quirks().refreshTokens(RefreshTokenPolicy.ROTATE).reuseDetection(true)
                .reuseGracePeriod(Duration.ofSeconds(30));
        client.refresh(grant.refreshToken());

        assertThat(introspect(grant.refreshToken(), FakeProvider.DEFAULT_CLIENT_SECRET).json().path("active")
                .asBoolean()).isTrue();
        clock.advance(Duration.ofSeconds(31));
        assertThat(introspect(grant.refreshToken(), FakeProvider.DEFAULT_CLIENT_SECRET).json().path("active")
                .asBoolean()).isFalse();
    }

    @Test
    void introspect_saysInactive_forARevokedGrantAndForUnknownTokens() {
        provider.revokeGrant(grant.grantId());

        assertThat(introspect(grant.refreshToken(), FakeProvider.DEFAULT_CLIENT_SECRET).body())
                .isEqualTo("{\"active\":false}");
        assertThat(introspect(grant.accessToken(), FakeProvider.DEFAULT_CLIENT_SECRET).body())
                .isEqualTo("{\"active\":false}");
        assertThat(introspect("rt_unknown", FakeProvider.DEFAULT_CLIENT_SECRET).body())
                .isEqualTo("{\"active\":false}");
    }

    @Test
    void introspect_saysActive_forAValidAccessToken() {
        Reply reply = introspect(grant.accessToken(), FakeProvider.DEFAULT_CLIENT_SECRET);

        assertThat(reply.json().path("active").asBoolean()).isTrue();
        assertThat(reply.text("token_type")).isEqualTo("access_token");
        assertThat(reply.json().path("exp").asLong()).isPositive();
    }

    @Test
    void introspect_refusesTheClient_whenItsSecretIsWrong() {
        Reply reply = introspect(grant.refreshToken(), "wrong-secret");

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.text("error")).isEqualTo("invalid_client");
    }

    @Test
    void introspect_answers404_whenSwitchedOff_andWorksAgainWhenSwitchedOn() {
        provider.introspection(false);
        assertThat(introspect(grant.refreshToken(), FakeProvider.DEFAULT_CLIENT_SECRET).status()).isEqualTo(404);

        provider.introspection(true);
        assertThat(introspect(grant.refreshToken(), FakeProvider.DEFAULT_CLIENT_SECRET).status()).isEqualTo(200);
        assertThat(provider.introspectionCount()).isEqualTo(2);
    }

    private Reply introspect(String token, String clientSecret) {
        return OAuthClient.send(OAuthClient.formRequest(provider.introspectionUrl(),
                        OAuthClient.form("token", token, "token_type_hint", "refresh_token"))
                .header("Authorization", OAuthClient.basic(FakeProvider.DEFAULT_CLIENT_ID, clientSecret)).build());
    }
}
