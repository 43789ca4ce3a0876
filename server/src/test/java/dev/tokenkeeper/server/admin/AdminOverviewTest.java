package dev.tokenkeeper.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.ServiceBackedTest;
import dev.tokenkeeper.server.TestService;
import dev.tokenkeeper.server.connection.ConnectionsApiTest;
import dev.tokenkeeper.fake.FakeProvider;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The overview's numbers match a known setup: two active connections, one that needs a reauth with a write held for
 * it, and one of a provider whose client secret is wrong, which is listed first with its cause and fix.
 */
class AdminOverviewTest extends ServiceBackedTest {
    private static final String BROKEN = "broken";
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

    @BeforeAll
    static void knownSetup() {
        service.tokenkeeper.parts().providers().save(TestService.providerConfig(BROKEN, service.provider)
                .clientSecret(Secret.of("a-secret-copied-wrong")).build());
        importTo(TestService.PROVIDER, "active-1");
        importTo(TestService.PROVIDER, "active-2");
        importTo(TestService.PROVIDER, "reauth-1");
        importTo(BROKEN, "broken-1");
        service.provider.quirks().failNextTokenRequests(1, 400, JSON,
                "{\"error\":\"invalid_grant\",\"error_description\":\"revoked\"}");
        service.api.post("/v1/connections/reauth-1/refresh", null);
        service.api.post("/v1/connections/broken-1/refresh", null);
        await().atMost(Duration.ofMinutes(1)).until(() -> state("reauth-1").equals("needs_reauth")
                && state("broken-1").equals("misconfigured") && service.api.get("/v1/providers/" + BROKEN).json()
                .path("health").path("state").asText().equals("misconfigured"));
        Answer held = service.api.post("/v1/actions", ApiClient.object().put("connection_id", "reauth-1")
                .put("method", "POST").put("path", "/items"));
        assertThat(held.status()).as(held.text()).isEqualTo(202);
    }

    @Test
    void theOverview_countsConnectionsByState_andHeldActions_asTheSetupMadeThem() {
        String page = AdminBrowser.signedIn(service.api, service.apiKey.reveal()).get("/admin").text();

        assertThat(cell(page, "data-state", "active")).isEqualTo(2);
        assertThat(cell(page, "data-state", "needs_reauth")).isEqualTo(1);
        assertThat(cell(page, "data-state", "misconfigured")).isEqualTo(1);
        assertThat(page).contains("<span class=\"total\">4</span>");
        assertThat(cell(page, "data-action-state", "held")).isEqualTo(1);
        assertThat(cell(page, "data-action-state", "queued")).isZero();
        assertThat(page).contains("<dd id=\"webhook-backlog\">0 pending");
    }

    @Test
    void aMisconfiguredProvider_isListedFirst_withItsCauseAndFix() {
        String page = AdminBrowser.signedIn(service.api, service.apiKey.reveal()).get("/admin").text();

        assertThat(page).contains("<section class=\"alert\" id=\"misconfigured\">");
        String alert = page.substring(page.indexOf("id=\"misconfigured\""), page.indexOf("id=\"connections\""));
        assertThat(alert).contains("<h3><a href=\"/admin/providers/broken\">broken</a></h3>")
                .contains("client_credentials_rejected").contains("1 connection(s) affected").contains("Fix:")
                .doesNotContain("/admin/providers/fake\">fake</a></h3>");
        assertThat(page.indexOf("id=\"misconfigured\"")).isLessThan(page.indexOf("id=\"connections\""));
        assertThat(page).contains(
                "<tr data-provider=\"fake\">\n<td><a href=\"/admin/providers/fake\">fake</a></td>\n<td>ok</td><td></td>");
    }

    @Test
    void theOverview_countsEachProvidersConnectionsByState_linkingToTheirList() {
        String page = AdminBrowser.signedIn(service.api, service.apiKey.reveal()).get("/admin").text();

        String fake = row(page, "fake");
        String broken = row(page, BROKEN);
        assertThat(fake).contains("<a href=\"/admin/connections?provider=fake&amp;state=active\">2</a>")
                .contains("<a href=\"/admin/connections?provider=fake&amp;state=needs_reauth\">1</a>")
                .contains("<a href=\"/admin/connections?provider=fake&amp;state=misconfigured\">0</a>");
        assertThat(broken).contains("state=misconfigured\">1</a>").contains("state=active\">0</a>");
    }

    @Test
    void theOverview_countsTheLastHoursRefreshesByOutcome() {
        String page = AdminBrowser.signedIn(service.api, service.apiKey.reveal()).get("/admin").text();

        // The setup's two refreshes: the revoked grant (needs_reauth) and the wrong secret (misconfigured).
        assertThat(cell(page, "data-outcome", "needs_reauth")).isEqualTo(1);
        assertThat(cell(page, "data-outcome", "misconfigured")).isEqualTo(1);
        assertThat(cell(page, "data-outcome", "refreshed")).isZero();
        assertThat(cell(page, "data-outcome", "retryable")).isZero();
    }

    private static String row(String page, String provider) {
        int start = page.indexOf("<tr data-provider=\"" + provider + "\">");
        assertThat(start).as("a row for %s in %s", provider, page).isNotNegative();
        return page.substring(start, page.indexOf("</tr>", start));
    }

    private static int cell(String page, String attribute, String state) {
        Matcher matcher = Pattern.compile(attribute + "=\"" + state + "\">(?:<a [^>]*>)?(\\d+)<").matcher(page);
        assertThat(matcher.find()).as("a cell for %s %s in %s", attribute, state, page).isTrue();
        return Integer.parseInt(matcher.group(1));
    }

    private static String state(String id) {
        return service.api.get("/v1/connections/" + id).json().path("state").asText();
    }

    private static void importTo(String provider, String id) {
        var grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID, "read");
        var body = ConnectionsApiTest.importBody(id, grant, 3600).put("provider", provider);
        Answer created = service.api.post("/v1/connections", body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
    }
}
