package dev.tokenkeeper.server.admin.browser;

import static dev.tokenkeeper.server.admin.browser.ConsoleBrowser.button;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.ServiceBackedTest.ProactiveRefresh;
import dev.tokenkeeper.server.TestService;
import dev.tokenkeeper.server.connection.ConnectionsApiTest;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import dev.tokenkeeper.fake.webhook.WebhookReceiver;
import dev.tokenkeeper.fake.webhook.WebhookReceiver.Reply;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The console's repairs in a real headless Chromium, by clicks and typing only: the right client secret typed into a
 * misconfigured provider's form heals its connections; a failed webhook delivery is sent again with "Retry now"; a
 * held action is cancelled; the provider, webhook and action pages fit a phone. The service refreshes proactively, as
 * the re-verification after a config fix needs.
 */
@ProactiveRefresh
class BrowserRepairsTest extends BrowserBackedTest {
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final int PHONE_WIDTH = 390;
    private static final String BROKEN = "browser-broken";
    private static final String WRONG_SECRET = "a-secret-copied-wrong-41d9";
    private static WebhookReceiver receiver;

    @BeforeAll
    static void startReceiver() {
        receiver = WebhookReceiver.start();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    @BeforeEach
    void signedIn() {
        signIn();
    }

    @Test
    void aMisconfiguredProvider_isFixedInItsCredentialsForm_andItsConnectionsRecover() {
        service.tokenkeeper.parts().providers().save(TestService.providerConfig(BROKEN, service.provider)
                .clientSecret(Secret.of(WRONG_SECRET)).build());
        List<String> ids = List.of("broken-1", "broken-2");
        for (String id : ids) {
            imported(BROKEN, id);
            service.api.post("/v1/connections/" + id + "/refresh", null);
            assertThat(state(id)).isEqualTo("misconfigured");
        }
        await().atMost(WAIT).until(() -> service.api.get("/v1/providers/" + BROKEN).json().path("health")
                .path("state").asText().equals("misconfigured"));

        browser.visit("/admin", "overview-misconfigured");
        assertThat(browser.text(By.id("misconfigured"))).contains(BROKEN).contains("client_credentials_rejected");
        browser.follow(By.cssSelector("#misconfigured a[href='/admin/providers/" + BROKEN + "']"), "provider");
        assertThat(browser.text(By.id("health-state"))).isEqualTo("misconfigured");
        assertThat(browser.text(By.id("cause"))).contains("client_credentials_rejected");

        browser.type(By.id("client_id"), "");
        browser.submit(button("Save"), "provider-field-error");
        assertThat(browser.text(By.id("client_id-error"))).isNotBlank();
        assertThat(ids).allSatisfy(id -> assertThat(state(id)).isEqualTo("misconfigured"));

        browser.type(By.id("client_id"), FakeProvider.DEFAULT_CLIENT_ID);
        browser.type(By.id("client_secret"), FakeProvider.DEFAULT_CLIENT_SECRET);
        browser.submit(button("Save"), "provider-saved");
        assertThat(browser.text(By.id("notice"))).contains("re-verifying 2 misconfigured connections");
        assertThat(browser.driver().getPageSource()).doesNotContain(FakeProvider.DEFAULT_CLIENT_SECRET)
                .doesNotContain(WRONG_SECRET);

        await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> ids.stream().allMatch(id -> state(id).equals("active")));
        browser.visit("/admin/connections?provider=" + BROKEN, "connections-recovered");
        List<WebElement> states = browser.driver().findElements(By.cssSelector("#connection-list tbody td:nth-child(3)"));
        assertThat(states).hasSize(ids.size()).allSatisfy(cell -> assertThat(cell.getText()).isEqualTo("active"));
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> service.api
                .get("/v1/providers/" + BROKEN).json().path("health").path("state").asText().equals("ok"));
        browser.visit("/admin", "overview-recovered");
        assertThat(browser.count("#misconfigured")).isZero();
    }

    @Test
    void aFailedWebhookDelivery_isSentAgainWithRetryNow() {
        receiver.answerAlways(Reply.status(500));
        Answer created = service.api.post("/v1/webhook-endpoints", ApiClient.object()
                .put("url", receiver.url().toString()).put("description", "the product's receiver"));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String endpoint = created.json().path("id").asText();
        String delivery = service.api.post("/v1/webhook-endpoints/" + endpoint + "/test", null).json().path("id")
                .asText();
        // Two failed attempts: the next automatic one is minutes away, so the one after the click is the button's.
        await().atMost(WAIT).until(() -> delivery(endpoint, delivery).path("attempts").size() == 2);

        browser.visit("/admin/webhooks", "webhooks");
        browser.follow(By.linkText(endpoint), "webhook");
        assertThat(browser.text(By.id(delivery))).contains("ping").contains("pending").contains("HTTP 500");
        receiver.answerAlways(Reply.status(204));
        browser.submit(By.cssSelector("form[action='/admin/webhook-deliveries/" + delivery + "/retry'] button"),
                "webhook-retried");

        assertThat(browser.text(By.id("notice"))).contains(delivery);
        await().atMost(WAIT).until(() -> delivery(endpoint, delivery).path("status").asText().equals("succeeded"));
        browser.visit("/admin/webhooks/" + endpoint, "webhook-delivered");
        assertThat(browser.text(By.id(delivery))).contains("succeeded");
    }

    @Test
    void aHeldAction_isListed_andCancelledFromItsPage() {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID, "read");
        imported(TestService.PROVIDER, "held-1", grant);
        service.provider.revokeGrant(grant.grantId());
        service.api.post("/v1/connections/held-1/refresh", null);
        Answer created = service.api.post("/v1/actions", ApiClient.object().put("connection_id", "held-1")
                .put("method", "POST").put("path", "/items"));
        assertThat(created.status()).as(created.text()).isEqualTo(202);
        String action = created.json().path("id").asText();
        assertThat(service.api.get("/v1/actions/" + action).json().path("state").asText()).isEqualTo("held");

        browser.visit("/admin/actions", "actions-held");
        browser.follow(By.linkText(action), "action");
        assertThat(browser.text(By.id("state"))).isEqualTo("held");
        assertThat(browser.text(By.id("error"))).contains("connection_stale");
        browser.submit(button("Cancel"), "action-cancelled");

        assertThat(browser.text(By.id("notice"))).isNotBlank();
        assertThat(browser.text(By.id("state"))).isEqualTo("cancelled");
        assertThat(service.api.get("/v1/actions/" + action).json().path("state").asText()).isEqualTo("cancelled");
    }

    @Test
    void theProviderWebhookAndActionPages_fitAPhonesWidth() {
        Answer created = service.api.post("/v1/webhook-endpoints", ApiClient.object()
                .put("url", receiver.url().toString() + "/a-rather-long-path/" + "0123456789".repeat(6)));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String endpoint = created.json().path("id").asText();
        service.api.post("/v1/webhook-endpoints/" + endpoint + "/test", null);
        imported(TestService.PROVIDER, "phone-1");
        String action = service.api.post("/v1/actions", ApiClient.object().put("connection_id", "phone-1")
                .put("method", "POST").put("path", "/items/" + "abcdefghij".repeat(8))).json().path("id").asText();
        browser.phone(PHONE_WIDTH, 844);

        for (String page : List.of("/admin/providers", "/admin/providers/" + TestService.PROVIDER, "/admin/webhooks",
                "/admin/webhooks/" + endpoint, "/admin/actions?state=any", "/admin/actions/" + action)) {
            browser.visit(page, "phone" + page.replace('/', '-'));
            assertFits(PHONE_WIDTH);
        }
    }

    private static void imported(String provider, String id) {
        imported(provider, id, service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID, "read"));
    }

    private static void imported(String provider, String id, IssuedGrant grant) {
        var body = ConnectionsApiTest.importBody(id, grant, 3600).put("provider", provider);
        Answer created = service.api.post("/v1/connections", body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
    }

    private static String state(String id) {
        return service.api.get("/v1/connections/" + id).json().path("state").asText();
    }

    private static JsonNode delivery(String endpoint, String id) {
        for (JsonNode delivery : service.api.get("/v1/webhook-endpoints/" + endpoint + "/deliveries").json()
                .path("deliveries")) {
            if (delivery.path("id").asText().equals(id)) {
                return delivery;
            }
        }
        throw new AssertionError("no delivery " + id + " of " + endpoint);
    }
}
