package dev.tokenkeeper.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.TestService;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The providers pages over HTTP: the list shows the catalog and the configured providers with their health; a
 * misconfigured provider shows its cause and fix, and the right secret sent through the "Client credentials" form
 * heals its connections as {@code PUT /v1/providers/{key}} does; a refused field comes back next to its field and
 * changes nothing; the client secret is never shown; the form without the CSRF token or a session is refused.
 */
class AdminProvidersTest {
    private static final String HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>";
    private static final String WRONG_SECRET = "a-secret-copied-wrong-7f3a";
    private static TestService service;
    private static AdminBrowser browser;
    private static String csrf;

    @BeforeAll
    static void start() {
        service = TestService.start(true, UnaryOperator.identity());
        browser = AdminBrowser.signedIn(service.api, service.apiKey.reveal());
        csrf = AdminBrowser.csrfOf(browser.get("/admin"));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void list_showsTheCatalogAndTheConfiguredProviders_withTheirHealth_andLinksToEach() {
        Answer page = browser.get("/admin/providers");

        assertThat(page.status()).as(page.text()).isEqualTo(200);
        assertThat(page.text()).contains("<h1>Providers</h1>")
                .contains("<a href=\"/admin/providers/" + TestService.PROVIDER + "\">" + TestService.PROVIDER + "</a>")
                .contains("<td data-health=\"" + TestService.PROVIDER + "\">ok</td>")
                .contains("<a href=\"/admin/providers\">Providers</a>");
        JsonNode api = service.api.get("/v1/providers").json();
        for (JsonNode entry : api.path("catalog")) {
            String key = entry.path("key").asText();
            assertThat(page.text()).contains("<a href=\"/admin/providers/" + key + "\">" + key + "</a>")
                    .contains("<td data-configured=\"" + key + "\">"
                            + (entry.path("configured").asBoolean() ? "yes" : "no") + "</td>");
        }
        assertThat(api.path("catalog").size()).isGreaterThan(0);
    }

    @Test
    void aMisconfiguredProvider_showsCauseAndFix_andTheRightSecretInTheFormHealsItsConnections() {
        String provider = "fake-heal";
        service.tokenkeeper.parts().providers().save(TestService.providerConfig(provider, service.provider).build());
        putSecret(provider, WRONG_SECRET);
        List<String> ids = List.of("heal-1", "heal-2");
        ids.forEach(id -> importShortLived(provider, id));
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> ids.stream().allMatch(id -> state(id).equals("misconfigured")));
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                .until(() -> health(provider).path("affected_connections").asInt() == ids.size());
        JsonNode before = service.api.get("/v1/providers/" + provider).json();
        String fix = Cause.CLIENT_CREDENTIALS_REJECTED.fix(provider);

        Answer list = browser.get("/admin/providers");
        Answer page = browser.get("/admin/providers/" + provider);

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.text().indexOf("data-provider=\"" + provider + "\""))
                .as("the misconfigured provider comes first").isPositive()
                .isLessThan(list.text().indexOf("<table id=\"provider-list\">"));
        assertThat(text(list)).contains("client_credentials_rejected").contains(fix)
                .contains("2 connection(s) affected");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains("<dd id=\"health-state\">misconfigured</dd>")
                .contains("<code>client_credentials_rejected</code>").contains("<dd id=\"affected\">2</dd>");
        assertThat(text(page)).contains(fix);
        assertThat(page.text()).contains("<dd data-field=\"client_secret\">set</dd>")
                .contains("<dd data-field=\"token_url\">" + before.path("token_url").asText() + "</dd>")
                .doesNotContain(WRONG_SECRET);

        Answer fixed = browser.post("/admin/providers/" + provider + "/credentials", AdminBrowser.fields("csrf", csrf,
                "client_id", FakeProvider.DEFAULT_CLIENT_ID, "client_secret", FakeProvider.DEFAULT_CLIENT_SECRET));

        assertThat(fixed.status()).as(fixed.text()).isEqualTo(200);
        assertThat(fixed.text()).contains("<p class=\"notice\" id=\"notice\" role=\"status\">Saved the client"
                + " credentials of fake-heal; re-verifying 2 misconfigured connections.</p>")
                .contains("<input id=\"client_secret\" name=\"client_secret\" type=\"password\" value=\"\"")
                .doesNotContain(FakeProvider.DEFAULT_CLIENT_SECRET).doesNotContain(WRONG_SECRET);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> ids.stream().allMatch(id -> state(id).equals("active")));
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                .until(() -> health(provider).path("state").asText().equals("ok"));
        JsonNode after = service.api.get("/v1/providers/" + provider).json();
        assertThat(after.path("token_url")).isEqualTo(before.path("token_url"));
        assertThat(after.path("scopes")).isEqualTo(before.path("scopes"));
        assertThat(after.path("client_auth")).isEqualTo(before.path("client_auth"));
        assertThat(service.tokenkeeper.parts().providers().find(provider).orElseThrow().clientSecret().reveal())
                .isEqualTo(FakeProvider.DEFAULT_CLIENT_SECRET);
        Answer healed = browser.get("/admin/providers/" + provider);
        assertThat(healed.text()).contains("<dd id=\"health-state\">ok</dd>").doesNotContain("id=\"cause\"")
                .doesNotContain(FakeProvider.DEFAULT_CLIENT_SECRET);
    }

    @Test
    void aRefusedField_comesBackNextToItsField_withTheTypedClientIdKept_andChangesNothing() {
        String provider = TestService.PROVIDER;
        JsonNode before = service.api.get("/v1/providers/" + provider).json();
        String path = "/admin/providers/" + provider + "/credentials";
        String typedSecret = "typed-secret-9c1e";

        Answer empty = browser.post(path, AdminBrowser.fields("csrf", csrf, "client_id", "",
                "client_secret", typedSecret));
        Answer nul = browser.post(path, AdminBrowser.fields("csrf", csrf, "client_id", "id-with\u0000nul",
                "client_secret", typedSecret));
        Answer badSecret = browser.post(path, AdminBrowser.fields("csrf", csrf, "client_id", "kept-client-id",
                "client_secret", "secret-with\u0000nul"));

        assertThat(empty.status()).as(empty.text()).isEqualTo(400);
        assertThat(empty.text()).contains("<p class=\"error\" id=\"client_id-error\" role=\"alert\">")
                .contains("is required").contains("<input id=\"client_id\" name=\"client_id\" value=\"\"");
        assertThat(nul.status()).as(nul.text()).isEqualTo(400);
        assertThat(nul.text()).contains("<p class=\"error\" id=\"client_id-error\" role=\"alert\">")
                .contains("NUL");
        assertThat(badSecret.status()).as(badSecret.text()).isEqualTo(400);
        assertThat(badSecret.text()).contains("<p class=\"error\" id=\"client_secret-error\" role=\"alert\">")
                .doesNotContain("id=\"client_id-error\"")
                .contains("<input id=\"client_id\" name=\"client_id\" value=\"kept-client-id\"");
        for (Answer answer : List.of(empty, nul, badSecret)) {
            assertThat(answer.text()).doesNotContain(typedSecret).doesNotContain("secret-with")
                    .doesNotContain(FakeProvider.DEFAULT_CLIENT_SECRET)
                    .contains("<input id=\"client_secret\" name=\"client_secret\" type=\"password\" value=\"\"")
                    .doesNotContain("id=\"notice\"");
        }
        assertThat(service.api.get("/v1/providers/" + provider).json()).isEqualTo(before);
        assertThat(service.tokenkeeper.parts().providers().find(provider).orElseThrow().clientSecret().reveal())
                .isEqualTo(FakeProvider.DEFAULT_CLIENT_SECRET);
    }

    @Test
    void theClientSecret_neverAppearsInAnyPage() {
        String provider = TestService.PROVIDER;
        String secret = FakeProvider.DEFAULT_CLIENT_SECRET;

        Answer list = browser.get("/admin/providers");
        Answer page = browser.get("/admin/providers/" + provider);
        Answer overview = browser.get("/admin");
        Answer saved = browser.post("/admin/providers/" + provider + "/credentials", AdminBrowser.fields("csrf", csrf,
                "client_id", FakeProvider.DEFAULT_CLIENT_ID, "client_secret", secret));

        assertThat(saved.status()).as(saved.text()).isEqualTo(200);
        for (Answer answer : List.of(list, page, overview, saved)) {
            assertThat(answer.text()).doesNotContain(secret);
        }
        assertThat(page.text()).contains("<dd data-field=\"client_secret\">set</dd>")
                .contains("<dd data-field=\"client_id\">" + FakeProvider.DEFAULT_CLIENT_ID + "</dd>");
    }

    @Test
    void aCatalogKeyNeverConfigured_saysSo_andTheFormConfiguresIt() {
        String provider = "slack";
        assertThat(service.api.get("/v1/providers/" + provider).json().path("configured").asBoolean()).isFalse();

        Answer page = browser.get("/admin/providers/" + provider);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains("not configured")
                .contains("<dd data-field=\"client_secret\">not set</dd>")
                .contains("<form method=\"post\" action=\"/admin/providers/slack/credentials\"");
        assertThat(page.text()).containsPattern("<dd data-field=\"authorization_url\">https://slack\\.com/");

        Answer saved = browser.post("/admin/providers/" + provider + "/credentials", AdminBrowser.fields("csrf", csrf,
                "client_id", "slack-client", "client_secret", "slack-secret-4b2d"));

        assertThat(saved.status()).as(saved.text()).isEqualTo(200);
        assertThat(saved.text()).contains("Saved the client credentials of slack.")
                .contains("<dd data-field=\"client_secret\">set</dd>").doesNotContain("slack-secret-4b2d");
        JsonNode api = service.api.get("/v1/providers/" + provider).json();
        assertThat(api.path("configured").asBoolean()).isTrue();
        assertThat(api.path("client_id").asText()).isEqualTo("slack-client");
        assertThat(api.path("client_secret_set").asBoolean()).isTrue();

        Answer secretOnly = browser.post("/admin/providers/" + provider + "/credentials", AdminBrowser.fields("csrf",
                csrf, "client_id", "slack-client", "client_secret", "slack-secret-rotated"));

        assertThat(secretOnly.status()).as(secretOnly.text()).isEqualTo(200);
        JsonNode rotated = service.api.get("/v1/providers/" + provider).json();
        assertThat(rotated).isEqualTo(api);
        assertThat(service.tokenkeeper.parts().providers().find(provider).orElseThrow().clientSecret().reveal())
                .isEqualTo("slack-secret-rotated");
        assertThat(service.api.delete("/v1/providers/" + provider).status()).isEqualTo(200);
    }

    @Test
    void anUnknownKey_answersTheListSayingSo_404() {
        Answer unknown = browser.get("/admin/providers/no-such-provider");
        Answer posted = browser.post("/admin/providers/no-such-provider/credentials", AdminBrowser.fields("csrf",
                csrf, "client_id", "x", "client_secret", "y"));

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.text()).contains("No provider has this key");
        assertThat(posted.status()).isEqualTo(404);
        assertThat(service.api.get("/v1/providers/no-such-provider").status()).isEqualTo(404);
    }

    @Test
    void theForm_withoutTheCsrfToken_orWithoutASession_isRefused_andChangesNothing() {
        String provider = TestService.PROVIDER;
        JsonNode before = service.api.get("/v1/providers/" + provider).json();
        String path = "/admin/providers/" + provider + "/credentials";
        Map<String, String> change = Map.of("client_id", "csrf-less-client", "client_secret", "csrf-less-secret");

        Answer noToken = browser.post(path, change);
        Answer wrongToken = browser.post(path, AdminBrowser.fields("csrf", "not-the-token", "client_id",
                "csrf-less-client", "client_secret", "csrf-less-secret"));
        AdminBrowser stranger = new AdminBrowser(service.api);
        Answer noSession = stranger.post(path, AdminBrowser.fields("csrf", csrf, "client_id", "csrf-less-client",
                "client_secret", "csrf-less-secret"));
        Answer pageWithoutSession = stranger.get("/admin/providers/" + provider);
        Answer listWithoutSession = stranger.get("/admin/providers");

        assertThat(noToken.status()).isEqualTo(403);
        assertThat(wrongToken.status()).isEqualTo(403);
        assertThat(noSession.status()).isEqualTo(403);
        assertThat(pageWithoutSession.status()).isEqualTo(303);
        assertThat(pageWithoutSession.header("Location")).isEqualTo("/admin/sign-in");
        assertThat(listWithoutSession.status()).isEqualTo(303);
        assertThat(service.api.get("/v1/providers/" + provider).json()).isEqualTo(before);
    }

    @Test
    void providerTexts_holdingHtml_areShownAsText() {
        String provider = "fake-hostile";
        service.tokenkeeper.parts().providers().save(TestService.providerConfig(provider, service.provider).build());

        Answer saved = browser.post("/admin/providers/" + provider + "/credentials", AdminBrowser.fields("csrf", csrf,
                "client_id", HOSTILE, "client_secret", "hostile-secret"));
        Answer page = browser.get("/admin/providers/" + provider);
        Answer refused = browser.post("/admin/providers/" + provider + "/credentials", AdminBrowser.fields("csrf",
                csrf, "client_id", HOSTILE, "client_secret", "bad\u0000secret"));

        assertThat(saved.status()).as(saved.text()).isEqualTo(200);
        assertThat(service.api.get("/v1/providers/" + provider).json().path("client_id").asText()).isEqualTo(HOSTILE);
        assertThat(refused.status()).isEqualTo(400);
        for (Answer answer : List.of(saved, page, refused)) {
            assertThat(answer.text()).doesNotContain("<script").doesNotContain("<img")
                    .contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        }
        assertThat(page.text()).contains("name=\"client_id\" value=\"&lt;script>alert(1)&lt;/script>&lt;img");
        assertThat(service.api.delete("/v1/providers/" + provider).status()).isEqualTo(200);
    }

    /** Reads the provider's config, sets its client secret, and sends it back through the API. */
    private static void putSecret(String provider, String secret) {
        ObjectNode config = (ObjectNode) service.api.get("/v1/providers/" + provider).json();
        config.put("client_secret", secret);
        Answer answer = service.api.put("/v1/providers/" + provider, config);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    }

    /** Imports a grant whose access token expires at once, so the schedule refreshes it within a second. */
    private static void importShortLived(String provider, String id) {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        ObjectNode body = ApiClient.object().put("provider", provider).put("connection_id", id);
        body.putObject("credentials").put("access_token", grant.accessToken())
                .put("refresh_token", grant.refreshToken()).put("expires_in", 1);
        Answer created = service.api.post("/v1/connections", body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
    }

    private static String state(String id) {
        return service.api.get("/v1/connections/" + id).json().path("state").asText();
    }

    private static JsonNode health(String provider) {
        return service.api.get("/v1/providers/" + provider).json().path("health");
    }

    /** The page's text with the HTML escapes of a text undone, to find a sentence holding quotes or apostrophes. */
    private static String text(Answer page) {
        return page.text().replace("&#34;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&quot;", "\"").replace("&amp;", "&");
    }
}
