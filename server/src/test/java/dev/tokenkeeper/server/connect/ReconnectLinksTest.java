package dev.tokenkeeper.server.connect;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.connect.Browser.Hop;
import java.net.URI;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** Reconnect links end to end: made with the API key, opened by a browser without one, used once, revoked, expired. */
class ReconnectLinksTest {
    @RegisterExtension
    static final ConnectSteps steps = new ConnectSteps();

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void captureLog() {
        log.start();
        root().addAppender(log);
    }

    @AfterEach
    void stopCapturing() {
        root().detachAppender(log);
    }

    @Test
    void aLink_reconnectsTheConnection_thenIsUsed_whenOpenedWithoutTheKey() {
        String id = steps.connect(ConnectSteps.body());
        steps.provider().revokeGrant(steps.whoAmI(steps.token(id)).path("grant_id").asText());
        assertThat(steps.api().post("/v1/connections/" + id + "/refresh", null).status()).isEqualTo(409);
        JsonNode link = create(id, ApiClient.object());

        Hop opened = steps.browser.get(URI.create(link.path("url").asText()));
        assertThat(opened.status()).as(opened.body()).isEqualTo(302);
        assertThat(opened.location().toString()).startsWith(steps.provider().authorizationUrl().toString());
        assertThat(Browser.query(opened.location())).containsKeys("state", "code_challenge");
        Hop callback = steps.callback(steps.browser.get(opened.location()));

        assertThat(callback.status()).as(callback.body()).isEqualTo(200);
        assertThat(callback.body()).contains("account is reconnected");
        assertThat(steps.api().get("/v1/connections/" + id).json().path("state").asText()).isEqualTo("active");
        Hop again = steps.browser.get(URI.create(link.path("url").asText()));
        assertThat(again.status()).isEqualTo(410);
        assertThat(again.header("Content-Type")).startsWith("text/html");
        assertThat(again.body()).contains("was used");
        assertTokenNeverStoredNorLogged(link);
    }

    @Test
    void aLinkOpenedButNotCompleted_staysUsable() {
        String id = steps.connect(ConnectSteps.body());
        JsonNode link = create(id, ApiClient.object());

        assertThat(steps.browser.get(URI.create(link.path("url").asText())).status()).isEqualTo(302);
        assertThat(steps.browser.get(URI.create(link.path("url").asText())).status()).isEqualTo(302);
    }

    @Test
    void aRevokedLink_answers410_andTheRevocationIsAnswered() {
        String id = steps.connect(ConnectSteps.body());
        JsonNode link = create(id, ApiClient.object());

        Answer revoked = steps.api().delete("/v1/reconnect-links/" + link.path("id").asText());
        Hop opened = steps.browser.get(URI.create(link.path("url").asText()));

        assertThat(revoked.status()).as(revoked.text()).isEqualTo(200);
        assertThat(revoked.json().path("revoked_at").asText()).isNotEmpty();
        assertThat(revoked.json().path("connection_id").asText()).isEqualTo(id);
        assertThat(opened.status()).isEqualTo(410);
        assertThat(opened.body()).contains("was revoked");
        assertThat(steps.api().delete("/v1/reconnect-links/rl_unknown").status()).isEqualTo(404);
    }

    @Test
    void anExpiredLink_answers410_andStartsNoSession() {
        String id = steps.connect(ConnectSteps.body());
        JsonNode link = create(id, ApiClient.object().put("expires_in", 60));
        steps.database().withConnection(db -> {
            try (PreparedStatement update = db.prepareStatement("update reconnect_links set created_at = now()"
                    + " - interval '2 hours', expires_at = now() - interval '1 hour' where id = ?")) {
                update.setString(1, link.path("id").asText());
                return update.executeUpdate();
            }
        });
        long sessions = steps.storedSessions();

        Hop opened = steps.browser.get(URI.create(link.path("url").asText()));

        assertThat(opened.status()).isEqualTo(410);
        assertThat(opened.body()).contains("was expired");
        assertThat(steps.storedSessions()).isEqualTo(sessions);
    }

    @Test
    void anUnknownOrMalformedToken_answers404_withoutTheKey() {
        URI base = steps.api().base();

        Hop unknown = steps.browser.get(base.resolve("/r/" + "A".repeat(43)));
        Hop garbage = steps.browser.get(base.resolve("/r/garbage"));

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body()).contains("not valid");
        assertThat(garbage.status()).isEqualTo(404);
    }

    @Test
    void badInput_isRefusedWith400_namingTheField() {
        String id = steps.connect(ConnectSteps.body());

        assertField(id, ApiClient.object().put("expires_in", 0), "expires_in");
        assertField(id, ApiClient.object().put("expires_in", 2_592_001), "expires_in");
        assertField(id, ApiClient.object().put("expires_in", "soon"), "expires_in");
        assertField(id, ApiClient.object().put("redirect_after", "javascript:alert(1)"), "redirect_after");
        assertField(id, ApiClient.object().put("colour", "red"), "colour");
        assertThat(steps.api().post("/v1/connections/nobody/reconnect-link", ApiClient.object()).status())
                .isEqualTo(404);
        assertThat(create(id, ApiClient.object().put("expires_in", 2_592_000)).path("expires_at").asText())
                .isNotEmpty();
    }

    private static void assertField(String id, ObjectNode body, String field) {
        Answer answer = steps.api().post("/v1/connections/" + id + "/reconnect-link", body);
        assertThat(answer.status()).as(answer.text()).isEqualTo(400);
        assertThat(answer.json().path("field").asText()).as(answer.text()).isEqualTo(field);
    }

    private static JsonNode create(String connectionId, ObjectNode body) {
        Answer created = steps.api().post("/v1/connections/" + connectionId + "/reconnect-link", body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.json().path("id").asText()).startsWith("rl_");
        assertThat(created.json().path("url").asText()).startsWith(
                steps.service().tokenkeeper.parts().settings().publicUrl().toString().replaceAll("/$", "") + "/r/");
        return created.json();
    }

    private void assertTokenNeverStoredNorLogged(JsonNode link) {
        String url = link.path("url").asText();
        String token = url.substring(url.lastIndexOf('/') + 1);
        List<String> stored = steps.database().withConnection(db -> {
            List<String> rows = new ArrayList<>();
            try (PreparedStatement select = db.prepareStatement("select r::text from reconnect_links r");
                    ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    rows.add(row.getString(1));
                }
            }
            return rows;
        });
        assertThat(stored).isNotEmpty().noneMatch(row -> row.contains(token));
        assertThat(log.list).isNotEmpty().noneMatch(event -> event.getFormattedMessage().contains(token));
        assertThat(log.list).anyMatch(event -> event.getFormattedMessage().contains(link.path("id").asText()));
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
