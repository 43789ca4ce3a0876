package dev.tokenkeeper.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.ServiceBackedTest;
import dev.tokenkeeper.server.connection.ConnectionsApiTest;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's action pages over HTTP: held and failed actions listed by default, an action's page with its
 * request and the provider's answer escaped, Cancel and Replay through the API's own methods (a refusal the API
 * gives shown as a notice with its status), refused without the CSRF token or a session.
 */
class AdminActionsTest extends ServiceBackedTest {
    private static final String HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static AdminBrowser browser;
    private static String csrf;

    @BeforeAll
    static void signIn() {
        browser = AdminBrowser.signedIn(service.api, service.apiKey.reveal());
        csrf = AdminBrowser.csrfOf(browser.get("/admin"));
        imported("aa-active");
    }

    @Test
    void aHeldAction_isListedByDefault_andCancelCancelsIt() {
        stale("aa-held");
        String id = create("aa-held", "POST", "/echo/held", null);
        assertThat(state(id)).isEqualTo("held");
        String done = awaitState(create("aa-active", "GET", "/me", null), "succeeded");

        Answer list = browser.get("/admin/actions");

        assertThat(list.status()).as(list.text()).isEqualTo(200);
        assertThat(list.text()).contains("<a href=\"/admin/actions/" + id + "\">" + id + "</a>")
                .contains("<a href=\"/admin/connections/aa-held\">aa-held</a>").contains("connection_stale")
                .doesNotContain(done);
        assertThat(browser.get("/admin/actions?state=any").text()).contains(id).contains(done);
        assertThat(browser.get("/admin/actions?state=succeeded&connection_id=aa-active").text()).contains(done)
                .doesNotContain(id);
        Answer page = browser.get("/admin/actions/" + id);
        assertThat(page.text()).contains("<dd id=\"state\">held</dd>").contains("<dd id=\"path\">/echo/held</dd>")
                .contains("action=\"/admin/actions/" + id + "/cancel\"")
                .contains("action=\"/admin/actions/" + id + "/replay\"");

        Answer cancelled = browser.post("/admin/actions/" + id + "/cancel", AdminBrowser.fields("csrf", csrf));

        assertThat(cancelled.status()).as(cancelled.text()).isEqualTo(200);
        assertThat(cancelled.text()).contains("<p class=\"notice\" id=\"notice\" role=\"status\">Cancelled")
                .contains("<dd id=\"state\">cancelled</dd>");
        assertThat(state(id)).isEqualTo("cancelled");
        assertThat(browser.get("/admin/actions").text()).doesNotContain(id);
    }

    @Test
    void aRefusalTheApiGives_isANotice_withTheApisStatus() {
        stale("aa-stale");
        String held = create("aa-stale", "POST", "/echo/stale", null);
        String done = awaitState(create("aa-active", "GET", "/me", null), "succeeded");

        Answer replay = browser.post("/admin/actions/" + held + "/replay", AdminBrowser.fields("csrf", csrf));
        Answer cancel = browser.post("/admin/actions/" + done + "/cancel", AdminBrowser.fields("csrf", csrf));

        assertThat(replay.status()).as(replay.text()).isEqualTo(409);
        assertThat(replay.text()).contains("Refused (409 needs_reauth)").contains("Nothing was changed.");
        assertThat(state(held)).isEqualTo("held");
        assertThat(cancel.status()).as(cancel.text()).isEqualTo(409);
        assertThat(cancel.text()).contains("Refused (409 action_not_cancellable)")
                .contains("<dd id=\"state\">succeeded</dd>").doesNotContain("/cancel\"");
        assertThat(state(done)).isEqualTo("succeeded");
        assertThat(browser.post("/admin/actions/act_missing/cancel", AdminBrowser.fields("csrf", csrf)).status())
                .isEqualTo(404);
    }

    @Test
    void aFailedAction_showsTheAnswerEscaped_andReplayRunsItAgain() {
        String id = awaitState(create("aa-active", "PUT", "/respond", "status=422&body="
                + URLEncoder.encode(HOSTILE, StandardCharsets.UTF_8)), "failed");

        Answer list = browser.get("/admin/actions");
        Answer page = browser.get("/admin/actions/" + id);

        assertThat(list.text()).contains("<a href=\"/admin/actions/" + id + "\">").contains("provider_rejected");
        assertThat(page.status()).as(page.text()).isEqualTo(200);
        assertThat(page.text()).contains("<dd id=\"response-status\">422</dd>")
                .contains("<pre id=\"response-body\">&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("<dd id=\"method\">PUT</dd>").contains("<dd id=\"query\">status=422&amp;body=")
                .doesNotContain("<script").doesNotContain("<img")
                .contains("action=\"/admin/actions/" + id + "/replay\"").doesNotContain("/cancel\"");

        Answer replayed = browser.post("/admin/actions/" + id + "/replay", AdminBrowser.fields("csrf", csrf));

        assertThat(replayed.status()).as(replayed.text()).isEqualTo(200);
        assertThat(replayed.text()).contains("<p class=\"notice\" id=\"notice\" role=\"status\">Replayed");
        await().atMost(WAIT).until(() -> action(id), action -> action.path("attempts").asInt() == 2
                && action.path("state").asText().equals("failed"));
    }

    @Test
    void theButtons_withoutTheCsrfToken_orASession_areRefused_andChangeNothing() {
        stale("aa-csrf");
        String held = create("aa-csrf", "POST", "/echo/csrf", null);
        AdminBrowser stranger = new AdminBrowser(service.api);

        for (String button : new String[] {"cancel", "replay"}) {
            String path = "/admin/actions/" + held + "/" + button;
            assertThat(browser.post(path, Map.of()).status()).as(button).isEqualTo(403);
            assertThat(browser.post(path, AdminBrowser.fields("csrf", "not-the-token")).status()).as(button)
                    .isEqualTo(403);
            assertThat(stranger.post(path, AdminBrowser.fields("csrf", csrf)).status()).as(button).isEqualTo(403);
        }
        Answer page = stranger.get("/admin/actions/" + held);
        assertThat(page.status()).isEqualTo(303);
        assertThat(page.header("Location")).isEqualTo("/admin/sign-in");
        assertThat(stranger.get("/admin/actions").status()).isEqualTo(303);
        assertThat(state(held)).isEqualTo("held");
    }

    @Test
    void badFilters_unknownIds_andUnknownParameters_areRefused() {
        Answer state = browser.get("/admin/actions?state=%3Cb%3E");
        assertThat(state.status()).isEqualTo(400);
        assertThat(state.text()).contains("The state filter must be any or one of").doesNotContain("<b>");
        assertThat(browser.get("/admin/actions?connection_id=%20%3C").status()).isEqualTo(400);
        assertThat(browser.get("/admin/actions?cursor=nope").status()).isEqualTo(400);
        assertThat(browser.get("/admin/actions/act_missing").status()).isEqualTo(404);
        assertThat(browser.get("/admin/actions/not-an-id").status()).isEqualTo(404);
        Answer unknown = browser.get("/admin/actions?limit=5");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().path("code").asText()).isEqualTo("unknown_parameter");
    }

    private static void imported(String id) {
        imported(id, service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID, "read"));
    }

    private static void imported(String id, IssuedGrant grant) {
        Answer created = service.api.post("/v1/connections", ConnectionsApiTest.importBody(id, grant, 3600));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
    }

    /** A connection whose grant the provider revoked, found out by a refresh: needs_reauth. */
    private static void stale(String id) {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID, "read");
        imported(id, grant);
        service.provider.revokeGrant(grant.grantId());
        Answer refreshed = service.api.post("/v1/connections/" + id + "/refresh", null);
        assertThat(refreshed.status()).as(refreshed.text()).isEqualTo(409);
    }

    private static String create(String connectionId, String method, String path, String query) {
        ObjectNode body = ApiClient.object().put("connection_id", connectionId).put("method", method)
                .put("path", path);
        if (query != null) {
            body.put("query", query);
        }
        Answer created = service.api.post("/v1/actions", body);
        assertThat(created.status()).as(created.text()).isEqualTo(202);
        return created.json().path("id").asText();
    }

    private static JsonNode action(String id) {
        Answer answer = service.api.get("/v1/actions/" + id);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.json();
    }

    private static String state(String id) {
        return action(id).path("state").asText();
    }

    private static String awaitState(String id, String state) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> state(id).equals(state));
        return id;
    }
}
