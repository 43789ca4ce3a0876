package dev.tokenkeeper.server.admin.browser;

import static dev.tokenkeeper.server.admin.browser.ConsoleBrowser.button;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.TestService;
import dev.tokenkeeper.server.connection.ConnectionsApiTest;
import dev.tokenkeeper.fake.FakeProvider;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The console in a real headless Chromium, by clicks and typing only: a support engineer signs in, finds a broken
 * connection, diagnoses it, sends a reconnect link that the user follows through the provider's sign-in page, and
 * sees it active again; a form without its CSRF token changes nothing; texts holding HTML stay text; the pages fit a
 * phone.
 */
class BrowserConsoleTest extends BrowserBackedTest {
    private static final int PHONE_WIDTH = 390;
    private static final String HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>";

    @BeforeEach
    void signedIn() {
        service.provider.signInPage(true);
        signIn();
    }

    @Test
    void aBrokenConnection_isFoundDiagnosedAndReconnected_throughTheConsoleAndTheProvider() {
        String id = connectedInTheBrowser("browser-reauth");
        refusedAtNextRefresh(id, "The refresh token was revoked");

        browser.visit("/admin/connections", "connections");
        new Select(browser.driver().findElement(By.id("state"))).selectByValue("needs_reauth");
        browser.submit(button("Filter"), "needs-reauth");
        List<WebElement> states = browser.driver().findElements(By.cssSelector("#connection-list tbody td:nth-child(3)"));
        assertThat(states).isNotEmpty().allSatisfy(state -> assertThat(state.getText()).isEqualTo("needs_reauth"));
        browser.follow(By.linkText(id), "connection");
        assertThat(browser.text(By.tagName("h1"))).isEqualTo(id);
        assertThat(browser.text(By.id("state"))).isEqualTo("needs_reauth");

        browser.submit(button("Diagnose"), "diagnosis");
        String cause = browser.text(By.cssSelector("#diagnosis #cause code"));
        assertThat(cause).isNotBlank()
                .isEqualTo(service.api.post("/v1/connections/" + id + "/diagnose", null).json().path("cause").asText());
        assertThat(browser.text(By.id("healthy"))).isEqualTo("no");

        browser.follow(By.linkText("Back to " + id), "connection-back");
        browser.submit(button("Create reconnect link"), "reconnect-link");
        String url = browser.driver().findElement(By.id("reconnect-url")).getDomProperty("value");
        assertThat(url).startsWith(service.api.base().resolve("/r/").toString());
        browser.visit(url, "provider-sign-in");
        signInAtTheProvider("reconnected");
        assertThat(browser.text(By.tagName("body"))).contains("account is reconnected");

        browser.visit("/admin/connections/" + id, "connection-again");
        assertThat(browser.text(By.id("state"))).isEqualTo("active");
        assertThat(service.api.get("/v1/connections/" + id).json().path("state").asText()).isEqualTo("active");
    }

    @Test
    void aFormPostedWithoutItsCsrfToken_isRefused_andChangesNothing() {
        imported("browser-csrf", Map.of("customer", "c-1"));
        int refreshes = refreshCount("browser-csrf");

        browser.visit("/admin/connections/browser-csrf", "connection");
        withoutCsrfToken("form[action$='/refresh']");
        browser.submit(button("Refresh now"), "refused-refresh");
        assertRefused();
        browser.visit("/admin/connections/browser-csrf/delete", "confirm-delete");
        withoutCsrfToken("form[action$='/delete']");
        browser.submit(button("Delete the connection"), "refused-delete");
        assertRefused();

        Answer after = service.api.get("/v1/connections/browser-csrf");
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.json().path("refresh_count").asInt()).isEqualTo(refreshes);
        browser.visit("/admin/connections/browser-csrf", "still-there");
        assertThat(browser.text(By.id("state"))).isEqualTo("active");
    }

    @Test
    void textsHoldingHtml_areShownAsText_andNeverBecomeElements() {
        imported("browser-hostile", Map.of(HOSTILE, HOSTILE));
        refusedAtNextRefresh(null, HOSTILE);

        browser.visit("/admin/connections/browser-hostile", "connection");
        browser.submit(button("Refresh now"), "refresh-refused");
        assertThat(browser.text(By.id("notice"))).contains("needs_reauth");
        assertThat(browser.text(By.id("last-error"))).contains(HOSTILE);
        assertThat(browser.text(By.id("metadata"))).contains(HOSTILE + " " + HOSTILE);
        assertNoInjectedElement();
        browser.submit(button("Diagnose"), "diagnosis");
        assertThat(browser.text(By.id("evidence"))).contains(HOSTILE);
        assertNoInjectedElement();

        browser.visit("/admin/connections", "connections");
        browser.type(By.id("id"), HOSTILE);
        browser.submit(button("Find"), "find-hostile");
        assertThat(browser.text(By.cssSelector("[role=alert]"))).startsWith("A connection id is");
        assertThat(browser.driver().findElement(By.id("id")).getDomProperty("value")).isEqualTo(HOSTILE);
        assertNoInjectedElement();
    }

    @Test
    void theListAndConnectionPages_fitAPhonesWidth_withoutHorizontalScroll() {
        String id = "browser-phone-" + "x".repeat(100);
        imported(id, Map.of("a-rather-long-metadata-key-without-spaces", "https://app.example/customers/"
                + "0123456789".repeat(8)));
        refusedAtNextRefresh(id, "The refresh token was revoked by the user at the provider's security page");
        browser.phone(PHONE_WIDTH, 844);

        browser.visit("/admin", "overview");
        assertFits();
        browser.visit("/admin/connections", "connections");
        assertFits();
        browser.visit("/admin/connections/" + id, "connection");
        assertFits();
        browser.submit(button("Diagnose"), "diagnosis");
        assertFits();
        browser.visit("/admin/connections/" + id, "connection-again");
        browser.submit(button("Create reconnect link"), "reconnect-link");
        assertFits();
    }

    private static String connectedInTheBrowser(String id) {
        Answer session = service.api.post("/v1/connect-sessions", ApiClient.object()
                .put("provider", TestService.PROVIDER).put("connection_id", id));
        assertThat(session.status()).as(session.text()).isEqualTo(201);
        browser.visit(session.json().path("authorize_url").asText(), "connect-sign-in");
        signInAtTheProvider("connected");
        assertThat(browser.text(By.tagName("body"))).contains("account is connected");
        assertThat(service.api.get("/v1/connections/" + id).json().path("state").asText()).isEqualTo("active");
        return id;
    }

    /** Signs in on the fake provider's sign-in page as its user and allows; the callback's page follows. */
    private static void signInAtTheProvider(String page) {
        assertThat(browser.text(By.tagName("h1"))).isEqualTo("Sign in to the fake provider");
        browser.type(By.id("username"), "alice");
        browser.submit(button("Sign in and allow"), page);
    }

    /** The provider refuses the next refresh with invalid_grant; with {@code id}, the API's refresh meets it. */
    private static void refusedAtNextRefresh(String id, String description) {
        service.provider.quirks().failNextTokenRequests(1, 400, Map.of("Content-Type", "application/json"),
                ApiClient.object().put("error", "invalid_grant").put("error_description", description).toString());
        if (id != null) {
            service.api.post("/v1/connections/" + id + "/refresh", null);
            JsonNode connection = service.api.get("/v1/connections/" + id).json();
            assertThat(connection.path("state").asText()).as(connection.toString()).isEqualTo("needs_reauth");
        }
    }

    private static void imported(String id, Map<String, String> metadata) {
        var grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID, "read");
        var body = ConnectionsApiTest.importBody(id, grant, 3600);
        var fields = body.putObject("metadata");
        metadata.forEach(fields::put);
        Answer created = service.api.post("/v1/connections", body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
    }

    private static int refreshCount(String id) {
        return service.api.get("/v1/connections/" + id).json().path("refresh_count").asInt();
    }

    private static void withoutCsrfToken(String form) {
        browser.script("document.querySelector(arguments[0] + \" input[name='csrf']\").remove()", form);
        assertThat(browser.count(form + " input[name='csrf']")).isZero();
    }

    private static void assertRefused() {
        assertThat(browser.text(By.tagName("h1"))).isEqualTo("Refused");
        assertThat(browser.driver().getTitle()).startsWith("Refused");
    }

    private static void assertNoInjectedElement() {
        assertThat(browser.count("script")).isZero();
        assertThat(browser.count("img")).isZero();
        assertThat(browser.count("[onerror]")).isZero();
    }

    private static void assertFits() {
        assertFits(PHONE_WIDTH);
    }
}
