package dev.tokenkeeper.server.diagnosis;

import static dev.tokenkeeper.server.diagnosis.Setups.JSON;
import static dev.tokenkeeper.server.diagnosis.Setups.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.diagnosis.Setups.Imported;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import dev.tokenkeeper.fake.RefreshTokenPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Dead grants: the provider said, in OAuth's words, that the grant is dead, so the end user must reconnect — and the
 * diagnosis says why in the provider's own words.
 */
class BrokenGrantSetupsTest {
    private static final String NEEDS_REAUTH = "needs_reauth";
    private static final String RECONNECT = "reconnect";

    @RegisterExtension
    static final Setups setups = new Setups();

    @Test
    void diagnosis_namesGrantRevoked_whenTheProviderSaysTheRefreshTokenWasRevoked() {
        assertInvalidGrant("{\"error\":\"invalid_grant\",\"error_description\":\"The refresh token has been revoked"
                + " by the user.\"}", Cause.GRANT_REVOKED, "has been revoked");
    }

    @Test
    void diagnosis_namesRefreshTokenReused_whenAnOldRotatedRefreshTokenIsPresented() {
        String key = setups.provider(config -> config);
        Imported connection = setups.importNew(key);
        connection.quirks().refreshTokens(RefreshTokenPolicy.ROTATE).reuseDetection(true);
        setups.refreshElsewhere(connection.grant().refreshToken());

        setups.refresh(connection.id());

        setups.assertVerdict(connection.id(), expect(NEEDS_REAUTH, Cause.REFRESH_TOKEN_REUSED).fixNames(RECONNECT)
                .evidence("invalid_grant", "Maximum allowed refresh token reuse exceeded"));
    }

    @Test
    void diagnosis_namesPasswordChanged_whenTheProviderSaysTheUserChangedThePassword() {
        assertInvalidGrant("{\"error\":\"invalid_grant\",\"error_description\":\"AADSTS50173: The provided grant has"
                + " expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset"
                + " their password.\",\"error_codes\":[50173]}", Cause.PASSWORD_CHANGED,
                "The user might have changed or reset their password");
    }

    @Test
    void diagnosis_namesGrantExpired_whenTheProviderSaysTheRefreshTokenExpired() {
        assertInvalidGrant("{\"error\":\"invalid_grant\",\"error_description\":\"The refresh token has expired due to"
                + " inactivity.\"}", Cause.GRANT_EXPIRED, "expired due to inactivity");
    }

    @Test
    void diagnosis_namesRefreshTokenLimitExceeded_whenNewerConnectionsOfTheSameAccountPushedTheGrantOut() {
        String user = Setups.unique("user");
        String key = setups.provider(config -> {
            config.putObject("authorization_params").put("login_hint", user);
            return config;
        });
        String first = setups.browser().connect(key, null);
        setups.provider().grantQuirks(setups.grantIdOf(first)).refreshTokenCap(1);
        String second = setups.browser().connect(key, null);

        setups.refresh(first);

        assertThat(setups.connection(second).path("state").asText()).isEqualTo("active");
        setups.assertVerdict(first, expect(NEEDS_REAUTH, Cause.REFRESH_TOKEN_LIMIT_EXCEEDED).fixNames(RECONNECT)
                .evidence("invalid_grant", "limit"));
    }

    @Test
    void diagnosis_namesGrantInvalid_whenTheProviderAnswersInvalidGrantWithoutAReason() {
        assertInvalidGrant("{\"error\":\"invalid_grant\"}", Cause.GRANT_INVALID, "invalid_grant");
    }

    @Test
    void diagnosis_namesAccessTokenExpiredNoRefresh_whenTheAccessTokenExpiresAndThereIsNoRefreshToken() {
        String key = setups.provider(config -> config);
        IssuedGrant grant = setups.provider().issueGrant(FakeProvider.DEFAULT_CLIENT_ID, "read");
        String id = setups.importCredentials(key, ApiClient.object().put("access_token", grant.accessToken())
                .put("expires_in", 600));
        setups.clock.advance(Duration.ofMinutes(15));

        Answer token = setups.token(id);

        assertThat(token.status()).as(token.text()).isEqualTo(409);
        setups.assertVerdict(id, expect(NEEDS_REAUTH, Cause.ACCESS_TOKEN_EXPIRED_NO_REFRESH).fixNames(RECONNECT));
    }

    @Test
    void diagnosis_namesReauthenticationRequired_whenGoogleAnswersInvalidRapt() {
        ObjectNode google = ApiClient.object().put("key", "google")
                .put("client_id", FakeProvider.DEFAULT_CLIENT_ID).put("client_secret", FakeProvider.DEFAULT_CLIENT_SECRET)
                .put("authorization_url", setups.provider().authorizationUrl().toString())
                .put("token_url", setups.provider().tokenUrl().toString())
                .put("api_base_url", setups.provider().apiBaseUrl().toString());
        google.putObject("whoami").put("method", "GET").put("path", "/me");
        setups.put(google);
        Imported connection = setups.importNew("google");
        connection.quirks().failNextTokenRequests(1, 400, JSON, "{\"error\":\"invalid_grant\",\"error_description\":"
                + "\"reauth related error (invalid_rapt)\",\"error_uri\":\"https://support.google.com/a/answer/9368756\","
                + "\"error_subtype\":\"invalid_rapt\"}");

        setups.refresh(connection.id());

        setups.assertVerdict(connection.id(), expect(NEEDS_REAUTH, Cause.REAUTHENTICATION_REQUIRED)
                .fixNames(RECONNECT).evidence("invalid_rapt"));
    }

    /** A refresh answered 400 with {@code body}: needs_reauth with {@code cause}, {@code words} in the evidence. */
    private static void assertInvalidGrant(String body, Cause cause, String words) {
        String key = setups.provider(config -> config);
        Imported connection = setups.importNew(key);
        connection.quirks().failNextTokenRequests(1, 400, JSON, body);

        setups.refresh(connection.id());

        setups.assertVerdict(connection.id(), expect(NEEDS_REAUTH, cause).fixNames(RECONNECT).evidence(words));
    }
}
