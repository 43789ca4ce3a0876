package dev.tokenkeeper.server.diagnosis;

import static dev.tokenkeeper.server.diagnosis.Setups.JSON;
import static dev.tokenkeeper.server.diagnosis.Setups.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.diagnosis.Setups.Imported;
import dev.tokenkeeper.server.diagnosis.UserBrowser.Session;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Connects and reconnects that fail at the provider: the connect session keeps the cause, a failed reconnect is on
 * the connection's timeline, and a grant without a refresh token is named when it arrives, not when it dies.
 */
class BrokenConnectSetupsTest {
    @RegisterExtension
    static final Setups setups = new Setups();

    @Test
    void diagnosis_namesAccessDenied_whenTheUserDeclinesConsentOnAReconnect() {
        String clientId = Setups.unique("declining-client");
        setups.provider().registerClient(clientId, "declining-client-secret");
        setups.provider().clientQuirks(clientId).denyAuthorization(true);
        String key = setups.provider(config -> config.put("client_id", clientId)
                .put("client_secret", "declining-client-secret"));
        Imported connection = setups.importNew(key);
        Session session = browser().startConnect(key, connection.id());

        UserBrowser.Hop callback = browser().browse(browser().authorize(session));

        assertThat(callback.status()).isBetween(300, 499);
        browser().assertConnectFailed(session.id(), Cause.ACCESS_DENIED, "approve");
        assertConnectFailedOnTimeline(connection.id(), Cause.ACCESS_DENIED);
    }

    @Test
    void diagnosis_namesRedirectUriMismatch_whenTheProviderRefusesTheRedirectUri() {
        String key = setups.provider(config -> config);
        Session session = browser().startConnect(key, null);
        URI approved = browser().authorize(session);
        String state = UserBrowser.query(approved).get("state");
        URI refused = URI.create(approved.toString().substring(0, approved.toString().indexOf('?'))
                + "?error=redirect_uri_mismatch&error_description=" + encode("The redirect_uri MUST match the"
                + " registered callback URL for this application.") + "&state=" + encode(state));

        browser().browse(refused);

        JsonNode failed = browser().assertConnectFailed(session.id(), Cause.REDIRECT_URI_MISMATCH,
                "TOKENKEEPER_PUBLIC_URL");
        assertThat(failed.path("error").toString()).contains("redirect_uri_mismatch");
    }

    @Test
    void diagnosis_namesClientCredentialsRejected_whenTheCodeExchangeIsRefusedForAWrongSecretOnAReconnect() {
        String key = setups.provider(config -> config.put("client_secret", "not-the-secret-of-this-client"));
        Imported connection = setups.importNew(key);
        Session session = browser().startConnect(key, connection.id());

        browser().browse(browser().authorize(session));

        JsonNode failed = browser().assertConnectFailed(session.id(), Cause.CLIENT_CREDENTIALS_REJECTED,
                "client_secret");
        assertThat(failed.path("error").toString()).contains("invalid_client");
        assertConnectFailedOnTimeline(connection.id(), Cause.CLIENT_CREDENTIALS_REJECTED);
    }

    @Test
    void diagnosis_namesNoRefreshToken_atOnce_whenTheConnectIssuesNoRefreshToken() {
        String clientId = Setups.unique("online-only-client");
        setups.provider().registerClient(clientId, "online-only-secret");
        setups.provider().clientQuirks(clientId).failNextTokenRequests(1, 200, JSON,
                "{\"access_token\":\"at_online_only_0123456789\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
        String key = setups.provider(config -> {
            config.put("client_id", clientId).put("client_secret", "online-only-secret").remove("whoami");
            return config;
        });

        String id = browser().connect(key, null);

        assertThat(setups.connection(id).path("has_refresh_token").asBoolean()).isFalse();
        setups.assertVerdict(id, expect("active", Cause.NO_REFRESH_TOKEN).noLastError().fixNames("scopes"));
    }

    @Test
    void diagnosis_namesNoRefreshToken_atOnce_whenAnImportHasAnExpiringAccessTokenAndNoRefreshToken() {
        String key = setups.provider(config -> {
            config.remove("whoami");
            return config;
        });
        IssuedGrant grant = setups.provider().issueGrant(FakeProvider.DEFAULT_CLIENT_ID, "read");

        String id = setups.importCredentials(key, ApiClient.object().put("access_token", grant.accessToken())
                .put("expires_in", 3600));

        setups.assertVerdict(id, expect("active", Cause.NO_REFRESH_TOKEN).noLastError().fixNames("scopes"));
    }

    private static UserBrowser browser() {
        return setups.browser();
    }

    /** The connection's timeline has a {@code connect.failed} event naming the cause. */
    private static void assertConnectFailedOnTimeline(String connectionId, Cause cause) {
        JsonNode events = setups.events(connectionId);
        assertThat(events).as(events.toString()).anySatisfy(event -> {
            assertThat(event.path("type").asText()).isEqualTo("connect.failed");
            assertThat(event.toString()).contains(cause.code());
        });
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
