package dev.tokenkeeper.server.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.connect.Browser.Hop;
import java.sql.PreparedStatement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A failed connect is not silent: the browser goes back to {@code redirect_after} with {@code status=error} and the
 * code, and {@code GET /v1/connect-sessions/{id}} tells the product what happened.
 */
class ConnectFailureReportTest {
    @RegisterExtension
    static final ConnectSteps steps = new ConnectSteps();

    @Test
    void callback_sendsTheBrowserToRedirectAfterWithTheProvidersError_andTheSessionSaysFailed_whenTheUserDenies() {
        JsonNode session = steps.start(ConnectSteps.body().put("redirect_after", "https://app.example/done?tenant=7"));
        steps.provider().quirks().denyAuthorization(true);
        Hop callback;
        try {
            callback = steps.callback(steps.authorize(session));
        } finally {
            steps.provider().quirks().denyAuthorization(false);
        }

        assertThat(callback.status()).isEqualTo(303);
        assertThat(callback.location().getHost()).isEqualTo("app.example");
        assertThat(Browser.query(callback.location())).containsEntry("tenant", "7").containsEntry("status", "error")
                .containsEntry("code", "access_denied")
                .containsEntry("connect_session_id", session.path("id").asText())
                .doesNotContainKeys("connection_id", "state");
        JsonNode status = status(session);
        assertThat(status.path("state").asText()).isEqualTo("failed");
        assertThat(status.path("provider").asText()).isEqualTo("fake");
        assertThat(status.path("error").path("code").asText()).isEqualTo("access_denied");
        assertThat(status.path("error").path("description").asText()).contains("denied");
    }

    @Test
    void callback_encodesAProvidersOddErrorSafely_andKeepsItOutOfTheCode_whenItIsNotAPlainCode() {
        JsonNode session = steps.start(ConnectSteps.body().put("redirect_after", "https://app.example/done"));
        String state = Browser.query(steps.authorize(session).location()).get("state");

        Hop callback = steps.browser.get(steps.callbackWith("state=" + state
                + "&error=bad%26status%3Dconnected%20x&error_description=%3Cscript%3E"));

        assertThat(callback.status()).isEqualTo(303);
        Map<String, String> query = Browser.query(callback.location());
        assertThat(query).containsEntry("status", "error").containsEntry("code", "authorization_error");
        assertThat(callback.location().getRawQuery()).doesNotContain("status=connected");
        assertThat(status(session).path("error").path("code").asText()).isEqualTo("authorization_error");
    }

    @Test
    void callback_sendsTheBrowserBackWithSessionExpired_andTheSessionSaysExpired_whenItRanOut() {
        JsonNode session = steps.start(ConnectSteps.body().put("redirect_after", "http://localhost:3000/cb"));
        Hop authorize = steps.authorize(session);
        expire(session.path("id").asText());

        Hop callback = steps.callback(authorize);

        assertThat(callback.status()).isEqualTo(303);
        assertThat(callback.location().toString()).startsWith("http://localhost:3000/cb?");
        assertThat(Browser.query(callback.location())).containsEntry("code", "session_expired");
        assertThat(status(session).path("state").asText()).isEqualTo("expired");
    }

    @Test
    void status_isPending_thenCompletedWithTheConnection_whenTheFlowSucceeds() {
        JsonNode session = steps.start(ConnectSteps.body().put("redirect_after", "https://app.example/done"));
        assertThat(status(session).path("state").asText()).isEqualTo("pending");
        assertThat(status(session).has("error")).isFalse();

        Hop callback = steps.callback(steps.authorize(session));

        JsonNode status = status(session);
        assertThat(status.path("state").asText()).isEqualTo("completed");
        assertThat(status.path("connection_id").asText())
                .isEqualTo(Browser.query(callback.location()).get("connection_id"));
    }

    @Test
    void callback_showsAnEscapedPage_whenTheFailedSessionHasNoRedirectAfter() {
        JsonNode session = steps.start(ConnectSteps.body());
        String state = Browser.query(steps.authorize(session).location()).get("state");

        Hop callback = steps.browser.get(steps.callbackWith("state=" + state
                + "&error=invalid_scope&error_description=%3Cscript%3Ealert(1)%3C%2Fscript%3E"));

        assertThat(callback.status()).isEqualTo(502);
        assertThat(callback.header("Content-Type")).startsWith("text/html");
        assertThat(callback.body()).doesNotContain("<script>").contains("&lt;script&gt;");
        assertThat(status(session).path("error").path("code").asText()).isEqualTo("invalid_scope");
    }

    @Test
    void status_answers404_forAnUnknownSession() {
        Answer answer = steps.api().get("/v1/connect-sessions/cs_nothing");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.json().path("code").asText()).isEqualTo("not_found");
    }

    private static JsonNode status(JsonNode session) {
        Answer answer = steps.api().get("/v1/connect-sessions/" + session.path("id").asText());
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.json();
    }

    private static void expire(String sessionId) {
        steps.database().withConnection(db -> {
            try (PreparedStatement expire = db.prepareStatement("update connect_sessions set created_at = now()"
                    + " - interval '20 minutes', expires_at = now() - interval '10 minutes' where id = ?")) {
                expire.setString(1, sessionId);
                return expire.executeUpdate();
            }
        });
    }
}
