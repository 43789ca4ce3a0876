package dev.tokenkeeper.server.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.TestService;
import dev.tokenkeeper.fake.webhook.WebhookReceiver;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Server-side request forgery at delivery time: an endpoint whose host name resolves, when a delivery is due, to a
 * refused address (cloud metadata / link-local, Tokenkeeper's own listener, loopback or private without
 * {@code TOKENKEEPER_ALLOW_PRIVATE_URLS}) is never contacted; the delivery records a "not sent" attempt instead.
 *
 * <p>The names come from the test JVM's hosts file ({@code src/test/loopback-hosts}: {@code metadata-alias.test} is
 * 169.254.169.254, {@code loopback-alias.test} 127.0.0.1, {@code private-alias.test} 10.20.30.40). A static hosts file
 * cannot rebind a name between the endpoint's creation and its delivery, so each endpoint is created with an accepted
 * URL and the test then writes the refused one into its row, as a name that resolved elsewhere when it was saved
 * (DNS rebinding) would leave it. The API refusing these names at creation is checked too.
 */
class WebhookDeliverySsrfTest {
    private static TestService open;
    private static TestService strict;
    private static WebhookReceiver receiver;

    @BeforeAll
    static void start() {
        open = TestService.start();
        strict = TestService.start(false, UnaryOperator.identity(), settings -> settings.withAllowPrivateUrls(false));
        receiver = WebhookReceiver.start();
    }

    @AfterAll
    static void stop() {
        try (TestService o = open; TestService s = strict; WebhookReceiver r = receiver) {
            // closed in reverse order
        }
    }

    @Test
    void create_refusesNamesResolvingToMetadataOwnListenerOrPrivateAddresses() {
        Answer metadata = create(open, "http://metadata-alias.test/latest/meta-data/");
        Answer own = create(open, "http://loopback-alias.test:" + open.tokenkeeper.port() + "/v1/x");
        Answer loopback = create(strict, "https://loopback-alias.test/hook");
        Answer privateAddress = create(strict, "https://private-alias.test/hook");

        assertThat(metadata.status()).as(metadata.text()).isEqualTo(400);
        assertThat(own.status()).as(own.text()).isEqualTo(400);
        assertThat(own.json().path("detail").asText()).contains("own listener");
        assertThat(loopback.status()).as(loopback.text()).isEqualTo(400);
        assertThat(privateAddress.status()).as(privateAddress.text()).isEqualTo(400);
    }

    @Test
    void delivery_isNeverSent_whenTheHostResolvesToTheMetadataAddress() {
        JsonNode attempt = pingAfterRebinding(open, receiver.url().toString(),
                "http://metadata-alias.test:" + receiver.port() + WebhookReceiver.PATH);

        assertThat(attempt.path("error").asText()).startsWith("not sent: the endpoint's URL");
        assertThat(receiver.received()).isEmpty();
    }

    @Test
    void delivery_isNeverSent_whenTheHostResolvesToTokenkeepersOwnListener() {
        JsonNode attempt = pingAfterRebinding(open, receiver.url().toString(),
                "http://loopback-alias.test:" + open.tokenkeeper.port() + "/v1/webhook-endpoints");

        assertThat(attempt.path("error").asText()).startsWith("not sent: the endpoint's URL").contains("own listener");
    }

    @Test
    void delivery_isNeverSent_whenTheHostResolvesToLoopback_withoutAllowPrivate() {
        // A name that does not resolve yet is accepted, to be judged again before each request.
        JsonNode attempt = pingAfterRebinding(strict, "https://not-yet-resolving.test/hook",
                "http://loopback-alias.test:" + receiver.port() + WebhookReceiver.PATH);

        assertThat(attempt.path("error").asText()).startsWith("not sent: the endpoint's URL");
        assertThat(receiver.received()).as("the receiver on that loopback port").isEmpty();
    }

    @Test
    void delivery_isNeverSent_whenTheHostResolvesToAPrivateAddress_withoutAllowPrivate() {
        JsonNode attempt = pingAfterRebinding(strict, "https://not-yet-resolving.test/hook",
                "https://private-alias.test/hook");

        assertThat(attempt.path("error").asText()).startsWith("not sent: the endpoint's URL");
    }

    /**
     * Creates an endpoint at {@code acceptedUrl}, writes {@code reboundUrl} into its row, sends it a ping and returns
     * the ping's first recorded attempt, which must have no status: no request was made.
     */
    private static JsonNode pingAfterRebinding(TestService service, String acceptedUrl, String reboundUrl) {
        Answer created = create(service, acceptedUrl);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String id = created.json().path("id").asText();
        int changed = service.tokenkeeper.parts().storage().database().withConnection(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "update webhook_endpoints set url = ? where id = ?")) {
                update.setString(1, reboundUrl);
                update.setString(2, id);
                return update.executeUpdate();
            }
        });
        assertThat(changed).isOne();

        assertThat(service.api.post("/v1/webhook-endpoints/" + id + "/test", null).status()).isIn(200, 202);

        JsonNode attempt = await("the ping's first attempt").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> service.api.get("/v1/webhook-endpoints/" + id + "/deliveries").json()
                        .path("deliveries").path(0).path("attempts").path(0), node -> !node.isMissingNode());
        assertThat(attempt.path("status_code").isNull()).as(attempt.toString()).isTrue();
        return attempt;
    }

    private static Answer create(TestService service, String url) {
        return service.api.post("/v1/webhook-endpoints", ApiClient.object().put("url", url));
    }
}
