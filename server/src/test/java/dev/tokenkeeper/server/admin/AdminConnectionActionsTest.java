package dev.tokenkeeper.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.ServiceBackedTest;
import dev.tokenkeeper.server.connection.ConnectionsApiTest;
import dev.tokenkeeper.fake.FakeProvider;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A connection's buttons over HTTP: refresh, diagnose and delete each act through the API's services (the API then
 * shows the change), each refuses a form without the session's CSRF token or without a session, and provider texts
 * holding HTML are shown as text.
 */
class AdminConnectionActionsTest extends ServiceBackedTest {
    private static final String HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>";
    private static AdminBrowser browser;
    private static String csrf;

    @BeforeAll
    static void signIn() {
        browser = AdminBrowser.signedIn(service.api, service.apiKey.reveal());
        csrf = AdminBrowser.csrfOf(browser.get("/admin"));
    }

    @Test
    void refreshNow_refreshesThroughTheApisService_andSaysSo() {
        imported("act-refresh");
        int attempts = refreshCount("act-refresh");
        Answer page = browser.get("/admin/connections/act-refresh");
        assertThat(page.text()).contains("action=\"/admin/connections/act-refresh/refresh\"");

        Answer refreshed = browser.post("/admin/connections/act-refresh/refresh", AdminBrowser.fields("csrf", csrf));

        assertThat(refreshed.status()).as(refreshed.text()).isEqualTo(200);
        assertThat(refreshed.text()).contains("<p class=\"notice\" id=\"notice\" role=\"status\">Refreshed;")
                .contains("<h1>act-refresh</h1>");
        assertThat(refreshCount("act-refresh")).isGreaterThan(attempts);
    }

    @Test
    void refreshNow_whenTheProviderRefusesTheGrant_showsTheReasonEscaped() {
        imported("act-refused");
        service.provider.quirks().failNextTokenRequests(1, 400, Map.of("Content-Type", "application/json"),
                "{\"error\":\"invalid_grant\",\"error_description\":\"" + HOSTILE.replace("\"", "\\\"") + "\"}");

        Answer page = browser.post("/admin/connections/act-refused/refresh", AdminBrowser.fields("csrf", csrf));

        assertThat(page.status()).as(page.text()).isEqualTo(200);
        Matcher notice = Pattern.compile("<p class=\"notice\" id=\"notice\" role=\"status\">([^<]*)</p>")
                .matcher(page.text());
        assertThat(notice.find()).as(page.text()).isTrue();
        assertThat(notice.group(1)).as("the notice").contains("needs_reauth");
        assertThat(page.text()).contains("<dd id=\"state\">needs_reauth</dd>")
                .doesNotContain("<script>").doesNotContain("<img");
        assertThat(service.api.get("/v1/connections/act-refused").json().path("state").asText())
                .isEqualTo("needs_reauth");
    }

    @Test
    void diagnose_showsZoneCauseActorFixAndEvidence_withProviderTextsEscaped() {
        imported("act-diagnose");
        service.provider.quirks().failNextTokenRequests(1, 400, Map.of("Content-Type", "application/json"),
                "{\"error\":\"invalid_grant\",\"error_description\":\"" + HOSTILE.replace("\"", "\\\"") + "\"}");
        service.api.post("/v1/connections/act-diagnose/refresh", null);
        var api = service.api.post("/v1/connections/act-diagnose/diagnose", null).json();

        Answer page = browser.post("/admin/connections/act-diagnose/diagnose", AdminBrowser.fields("csrf", csrf));

        assertThat(page.status()).as(page.text()).isEqualTo(200);
        assertThat(page.text()).contains("<h1>Diagnosis of act-diagnose</h1>")
                .contains("<dd id=\"zone\">" + api.path("zone").asText() + "</dd>")
                .contains("<code>" + api.path("cause").asText() + "</code>")
                .contains("<dd id=\"actor\">" + api.path("actor").asText() + "</dd>")
                .contains("<table id=\"evidence\">").contains("&lt;script&gt;alert(1)")
                .doesNotContain("<script>").doesNotContain("<img");
    }

    @Test
    void createReconnectLink_showsTheUrlOnceToCopy_withItsExpiry_andTheLinkWorks() {
        imported("act-link");

        Answer page = browser.post("/admin/connections/act-link/reconnect-link", AdminBrowser.fields("csrf", csrf));

        assertThat(page.status()).as(page.text()).isEqualTo(200);
        assertThat(page.header("Location")).isNull();
        assertThat(page.header("Cache-Control")).isEqualTo("no-store");
        Matcher url = Pattern.compile("<input id=\"reconnect-url\" type=\"text\" readonly value=\""
                + Pattern.quote(service.api.base().toString().replaceAll("/$", "")) + "(/r/[A-Za-z0-9_-]{43})\"")
                .matcher(page.text());
        assertThat(url.find()).as(page.text()).isTrue();
        assertThat(page.text()).containsPattern("<dd id=\"expires-at\">\\d{4}-\\d\\d-\\d\\dT");
        Matcher linkId = Pattern.compile("<dd id=\"link-id\">([^<]+)</dd>").matcher(page.text());
        assertThat(linkId.find()).isTrue();
        Answer opened = service.api.send(service.api.unauthenticated(url.group(1)).GET());
        assertThat(opened.status()).as(opened.text()).isEqualTo(302);
        assertThat(service.api.delete("/v1/reconnect-links/" + linkId.group(1)).status()).isEqualTo(200);
    }

    @Test
    void delete_asksFirst_thenDeletesThroughTheApisService_andListsWithANotice() {
        imported("act-delete");
        Answer confirm = browser.get("/admin/connections/act-delete/delete");
        assertThat(confirm.status()).isEqualTo(200);
        assertThat(confirm.text()).contains("<form method=\"post\" action=\"/admin/connections/act-delete/delete\">");
        assertThat(service.api.get("/v1/connections/act-delete").status()).isEqualTo(200);

        Answer deleted = browser.post("/admin/connections/act-delete/delete", AdminBrowser.fields("csrf", csrf));

        assertThat(deleted.status()).as(deleted.text()).isEqualTo(200);
        assertThat(deleted.text()).contains("<h1>Connections</h1>").contains("Deleted the connection act-delete;");
        assertThat(service.api.get("/v1/connections/act-delete").status()).isEqualTo(404);
        assertThat(browser.post("/admin/connections/act-delete/delete", AdminBrowser.fields("csrf", csrf))
                .status()).isEqualTo(404);
    }

    @Test
    void everyButton_withoutTheCsrfToken_isRefused_andChangesNothing() {
        imported("act-csrf");
        int attempts = refreshCount("act-csrf");
        for (String action : new String[] {"refresh", "diagnose", "reconnect-link", "delete"}) {
            String path = "/admin/connections/act-csrf/" + action;
            assertThat(browser.post(path, Map.of()).status()).as(action).isEqualTo(403);
            assertThat(browser.post(path, AdminBrowser.fields("csrf", "not-the-token")).status()).as(action)
                    .isEqualTo(403);
        }
        assertThat(service.api.get("/v1/connections/act-csrf").status()).isEqualTo(200);
        assertThat(refreshCount("act-csrf")).isEqualTo(attempts);
    }

    @Test
    void everyButton_withoutASession_isRefused_andChangesNothing() {
        imported("act-nosession");
        int attempts = refreshCount("act-nosession");
        AdminBrowser stranger = new AdminBrowser(service.api);
        for (String action : new String[] {"refresh", "diagnose", "reconnect-link", "delete"}) {
            assertThat(stranger.post("/admin/connections/act-nosession/" + action, AdminBrowser.fields("csrf", csrf))
                    .status()).as(action).isEqualTo(403);
        }
        Answer confirm = stranger.get("/admin/connections/act-nosession/delete");
        assertThat(confirm.status()).isEqualTo(303);
        assertThat(confirm.header("Location")).isEqualTo("/admin/sign-in");
        assertThat(service.api.get("/v1/connections/act-nosession").status()).isEqualTo(200);
        assertThat(refreshCount("act-nosession")).isEqualTo(attempts);
    }

    private static void imported(String id) {
        var grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID, "read");
        Answer created = service.api.post("/v1/connections", ConnectionsApiTest.importBody(id, grant, 3600));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
    }

    private static int refreshCount(String id) {
        return service.api.get("/v1/connections/" + id).json().path("refresh_count").asInt();
    }
}
