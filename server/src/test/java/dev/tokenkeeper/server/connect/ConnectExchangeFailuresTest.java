package dev.tokenkeeper.server.connect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.server.connect.Browser.Hop;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the user sees when the provider approves but its token endpoint then refuses or fails the code exchange. */
class ConnectExchangeFailuresTest {
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");
    @RegisterExtension
    static final ConnectSteps steps = new ConnectSteps();

    @AfterEach
    void clearQuirks() {
        steps.provider().resetQuirks();
    }

    @Test
    void callback_shows400CodeRefused_withTheProvidersWordsRedacted_whenTheExchangeAnswersInvalidGrant() {
        Hop authorize = steps.authorize(steps.start(ConnectSteps.body()));
        steps.provider().quirks().failNextTokenRequests(1, 400, JSON, "{\"error\":\"invalid_grant\","
                + "\"error_description\":\"refresh_token=rt_secretvalue0123456789abcdef is not for this code\"}");

        Hop callback = steps.callback(authorize);

        assertThat(callback.status()).isEqualTo(400);
        assertThat(callback.body()).contains("The provider refused the authorization", "invalid_grant", "code_refused",
                "start connecting again").doesNotContain("rt_secretvalue0123456789abcdef");
        assertNothingConnectedAndSessionUsed(authorize);
    }

    @Test
    void callback_shows502ClientRefused_whenTheExchangeAnswersInvalidClient() {
        Hop authorize = steps.authorize(steps.start(ConnectSteps.body()));
        steps.provider().quirks().failNextTokenRequests(1, 401, JSON,
                "{\"error\":\"invalid_client\",\"error_description\":\"Client authentication failed\"}");

        Hop callback = steps.callback(authorize);

        assertThat(callback.status()).isEqualTo(502);
        assertThat(callback.body()).contains("rejected Tokenkeeper&#39;s credentials", "client_refused",
                "administrator", "Client authentication failed");
        assertNothingConnectedAndSessionUsed(authorize);
    }

    @Test
    void callback_shows502ProviderUnavailable_whenTheTokenEndpointAnswersAServerError() {
        Hop authorize = steps.authorize(steps.start(ConnectSteps.body()));
        steps.provider().quirks().serverErrorNextTokenRequests(1, 503, true);

        Hop callback = steps.callback(authorize);

        assertThat(callback.status()).isEqualTo(502);
        assertThat(callback.header("Content-Type")).startsWith("text/html");
        assertThat(callback.body()).contains("provider_unavailable", "HTTP 503", "Wait a few minutes")
                .doesNotContain("<h1>503");
        assertNothingConnectedAndSessionUsed(authorize);
    }

    @Test
    void callback_shows502ProviderUnavailable_whenTheTokenResponseHasNoAccessToken() {
        Hop authorize = steps.authorize(steps.start(ConnectSteps.body()));
        steps.provider().quirks().failNextTokenRequests(1, 200, JSON, "{\"token_type\":\"Bearer\"}");

        Hop callback = steps.callback(authorize);

        assertThat(callback.status()).isEqualTo(502);
        assertThat(callback.body()).contains("did not give usable tokens", "missing_access_token");
        assertNothingConnectedAndSessionUsed(authorize);
    }

    /** No connection exists, and the session cannot be used again: the user must start over. */
    private static void assertNothingConnectedAndSessionUsed(Hop authorize) {
        assertThat(steps.api().get("/v1/connections").json().path("connections").size()).isZero();
        assertThat(steps.callback(authorize).body()).contains("session_used");
    }
}
