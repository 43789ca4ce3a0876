package dev.tokenkeeper.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.ServiceBackedTest;
import dev.tokenkeeper.fake.webhook.WebhookReceiver;
import dev.tokenkeeper.fake.webhook.WebhookReceiver.Reply;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's webhook pages over HTTP: the endpoints without their secret, an endpoint's deliveries with their
 * failed attempts, "Retry now" sending a delivery again through the API's retry, refused without the CSRF token or a
 * session, and texts holding HTML shown as text.
 */
class AdminWebhooksTest extends ServiceBackedTest {
    private static final String HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static WebhookReceiver receiver;
    private static AdminBrowser browser;
    private static String csrf;

    @BeforeAll
    static void signIn() {
        receiver = WebhookReceiver.start();
        browser = AdminBrowser.signedIn(service.api, service.apiKey.reveal());
        csrf = AdminBrowser.csrfOf(browser.get("/admin"));
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    @Test
    void theList_showsEachEndpoint_withItsDescriptionEscaped_andNeverTheSecret() {
        JsonNode created = endpoint(HOSTILE);
        String id = created.path("id").asText();
        String secret = created.path("secret").asText();

        Answer list = browser.get("/admin/webhooks");
        Answer page = browser.get("/admin/webhooks/" + id);

        assertThat(list.status()).as(list.text()).isEqualTo(200);
        assertThat(list.text()).contains("<a href=\"/admin/webhooks/" + id + "\">" + id + "</a>")
                .contains(receiver.url().toString()).contains("connection.deleted")
                .contains("&lt;script&gt;alert(1)").doesNotContain("<script").doesNotContain("<img")
                .contains("<a href=\"/admin/webhooks\">Webhooks</a>").contains("<a href=\"/admin/actions\">Actions</a>");
        assertThat(page.status()).as(page.text()).isEqualTo(200);
        assertThat(page.text()).contains("<h1>" + id + "</h1>").contains("&lt;script&gt;alert(1)")
                .doesNotContain("<script").doesNotContain("<img");
        for (Answer answer : new Answer[] {list, page}) {
            assertThat(answer.text()).doesNotContain(secret).doesNotContain(secret.substring("whsec_".length()));
        }
    }

    @Test
    void aFailingDelivery_showsItsAttempts_andRetryNow_sendsItAgain() {
        receiver.answerAlways(Reply.status(500).withBody(HOSTILE));
        String id = endpoint("failing").path("id").asText();
        Answer ping = service.api.post("/v1/webhook-endpoints/" + id + "/test", null);
        assertThat(ping.status()).as(ping.text()).isEqualTo(202);
        String delivery = ping.json().path("id").asText();
        // Two failed attempts: the next automatic one is minutes away, so a third one now is the button's.
        await().atMost(WAIT).until(() -> delivery(id, delivery).path("attempts").size() == 2);
        int received = received(id, delivery);

        Answer page = browser.get("/admin/webhooks/" + id);

        assertThat(page.status()).as(page.text()).isEqualTo(200);
        assertThat(page.text()).contains("<tr id=\"" + delivery + "\">").contains("<td>ping</td>")
                .contains("<td class=\"delivery-status\">pending</td>").contains("HTTP 500")
                .contains("<form method=\"post\" action=\"/admin/webhook-deliveries/" + delivery + "/retry\">")
                .doesNotContain("<script");
        assertThat(browser.get("/admin/webhooks/" + id + "?status=pending").text()).contains(delivery);
        assertThat(browser.get("/admin/webhooks/" + id + "?status=succeeded").text()).doesNotContain(delivery);
        receiver.answerAlways(Reply.status(204));

        Answer retried = browser.post("/admin/webhook-deliveries/" + delivery + "/retry",
                AdminBrowser.fields("csrf", csrf));

        assertThat(retried.status()).as(retried.text()).isEqualTo(200);
        assertThat(retried.text()).contains("<p class=\"notice\" id=\"notice\" role=\"status\">Delivery " + delivery)
                .contains("<h1>" + id + "</h1>");
        await().atMost(WAIT).until(() -> received(id, delivery) == received + 1);
        await().atMost(WAIT).until(() -> delivery(id, delivery).path("status").asText().equals("succeeded"));
    }

    @Test
    void retryNow_withoutTheCsrfToken_orASession_isRefused_andChangesNothing() {
        receiver.answerAlways(Reply.status(204));
        String id = endpoint("delivered").path("id").asText();
        String delivery = service.api.post("/v1/webhook-endpoints/" + id + "/test", null).json().path("id").asText();
        await().atMost(WAIT).until(() -> delivery(id, delivery).path("status").asText().equals("succeeded"));
        String path = "/admin/webhook-deliveries/" + delivery + "/retry";

        assertThat(browser.post(path, Map.of()).status()).isEqualTo(403);
        assertThat(browser.post(path, AdminBrowser.fields("csrf", "not-the-token")).status()).isEqualTo(403);
        AdminBrowser stranger = new AdminBrowser(service.api);
        assertThat(stranger.post(path, AdminBrowser.fields("csrf", csrf)).status()).isEqualTo(403);
        Answer page = stranger.get("/admin/webhooks/" + id);
        assertThat(page.status()).isEqualTo(303);
        assertThat(page.header("Location")).isEqualTo("/admin/sign-in");
        assertThat(stranger.get("/admin/webhooks").status()).isEqualTo(303);

        assertThat(delivery(id, delivery).path("status").asText()).isEqualTo("succeeded");
        assertThat(received(id, delivery)).isEqualTo(1);
    }

    @Test
    void unknownIds_badFilters_andUnknownParameters_areRefused() {
        String id = endpoint(null).path("id").asText();

        assertThat(browser.get("/admin/webhooks/we_missing").status()).isEqualTo(404);
        assertThat(browser.get("/admin/webhooks/not-an-id").status()).isEqualTo(404);
        assertThat(browser.post("/admin/webhook-deliveries/wd_missing/retry", AdminBrowser.fields("csrf", csrf))
                .status()).isEqualTo(404);
        Answer badStatus = browser.get("/admin/webhooks/" + id + "?status=%3Cb%3E");
        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(badStatus.text()).contains("The status filter must be one of pending, succeeded, failed.")
                .doesNotContain("<b>");
        assertThat(browser.get("/admin/webhooks?cursor=nope").status()).isEqualTo(400);
        Answer unknown = browser.get("/admin/webhooks?limit=5");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().path("code").asText()).isEqualTo("unknown_parameter");
    }

    private static JsonNode endpoint(String description) {
        ObjectNode body = ApiClient.object().put("url", receiver.url().toString());
        body.putArray("events").add("connection.deleted");
        if (description != null) {
            body.put("description", description);
        }
        Answer created = service.api.post("/v1/webhook-endpoints", body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json();
    }

    private static JsonNode delivery(String endpointId, String deliveryId) {
        for (JsonNode delivery : service.api.get("/v1/webhook-endpoints/" + endpointId + "/deliveries").json()
                .path("deliveries")) {
            if (delivery.path("id").asText().equals(deliveryId)) {
                return delivery;
            }
        }
        throw new AssertionError("no delivery " + deliveryId);
    }

    /** How many times the receiver got this delivery (its {@code webhook-id} is the delivery's message id). */
    private static int received(String endpointId, String deliveryId) {
        String messageId = delivery(endpointId, deliveryId).path("message_id").asText();
        return (int) receiver.received().stream().filter(r -> messageId.equals(r.header("webhook-id"))).count();
    }
}
