package dev.tokenkeeper.client.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenkeeper.client.LiveServiceTest;
import dev.tokenkeeper.client.Page;
import dev.tokenkeeper.client.problem.NotFoundException;
import dev.tokenkeeper.fake.webhook.WebhookReceiver;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Every webhook endpoint and delivery call of the SDK against a real service delivering to a real receiver. */
class WebhookEndpointsTest extends LiveServiceTest {
    private static final Duration WAIT = Duration.ofMinutes(1);
    private static final WebhookReceiver receiver = WebhookReceiver.start();

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    @Test
    void createGetUpdateDelete_manageAnEndpoint() {
        WebhookEndpoint created = client.webhookEndpoints().create(new WebhookEndpointInput(receiver.url(),
                List.of("connection.needs_reauth"), "sdk endpoint"));

        WebhookEndpoint read = client.webhookEndpoints().get(created.id());
        WebhookEndpoint disabled = client.webhookEndpoints().update(created.id(), WebhookEndpointPatch.enabled(false));
        WebhookEndpoint deleted = client.webhookEndpoints().delete(created.id());

        assertThat(created.secret().reveal()).startsWith("whsec_");
        assertThat(created.toString()).doesNotContain(created.secret().reveal());
        assertThat(read.secret()).isNull();
        assertThat(read.events()).containsExactly("connection.needs_reauth");
        assertThat(read.description()).isEqualTo("sdk endpoint");
        assertThat(disabled.enabled()).isFalse();
        assertThat(disabled.disabledReason()).isEqualTo("user");
        assertThat(deleted.deleted()).isTrue();
        Assertions.assertThatThrownBy(() -> client.webhookEndpoints().get(created.id()))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void listAndListAll_walkEveryPage() {
        List<String> ids = List.of(create().id(), create().id(), create().id());

        Page<WebhookEndpoint> first = client.webhookEndpoints().list(1, null);
        List<String> all = client.webhookEndpoints().listAll().map(WebhookEndpoint::id).toList();

        assertThat(first.items()).hasSize(1);
        assertThat(first.next()).isPresent();
        assertThat(all).containsAll(ids).doesNotHaveDuplicates();
        ids.forEach(client.webhookEndpoints()::delete);
    }

    @Test
    void testDeliveriesAndRetry_sendAPing_andSendItAgainWithTheSameWebhookId() {
        WebhookEndpoint endpoint = create();

        WebhookDelivery ping = client.webhookEndpoints().test(endpoint.id());
        WebhookDelivery succeeded = awaitDelivery(endpoint.id(), ping.id(), 1);
        WebhookDelivery retried = client.webhookEndpoints().retryDelivery(ping.id());
        WebhookDelivery again = awaitDelivery(endpoint.id(), ping.id(), 2);

        assertThat(ping.eventType()).isEqualTo("ping");
        assertThat(ping.status()).isEqualTo("pending");
        assertThat(succeeded.status()).isEqualTo("succeeded");
        assertThat(succeeded.attempts().getFirst().statusCode()).isEqualTo(204);
        assertThat(retried.status()).isEqualTo("pending");
        assertThat(again.messageId()).isEqualTo(ping.messageId());
        assertThat(client.webhookEndpoints().deliveries(endpoint.id(), "succeeded", 10, null).items())
                .extracting(WebhookDelivery::id).containsExactly(ping.id());
        client.webhookEndpoints().delete(endpoint.id());
    }

    @Test
    void resend_makesTheRangesDeliveriesDueAgain() {
        WebhookEndpoint endpoint = create();
        WebhookDelivery ping = client.webhookEndpoints().test(endpoint.id());
        awaitDelivery(endpoint.id(), ping.id(), 1);

        WebhookResent resent = client.webhookEndpoints().resend(endpoint.id(), new WebhookResend(
                Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofMinutes(1)), true));

        assertThat(resent.resent()).isEqualTo(1);
        assertThat(resent.nextFrom()).isNull();
        awaitDelivery(endpoint.id(), ping.id(), 2);
        client.webhookEndpoints().delete(endpoint.id());
    }

    @Test
    void rotateSecret_answersANewSecret_andWhenTheOldOneStopsSigning() {
        WebhookEndpoint endpoint = create();

        WebhookSecret rotated = client.webhookEndpoints().rotateSecret(endpoint.id());

        assertThat(rotated.secret()).isNotEqualTo(endpoint.secret());
        assertThat(rotated.previousSecretExpiresAt()).isAfter(Instant.now().plus(Duration.ofHours(23)));
        client.webhookEndpoints().delete(endpoint.id());
    }

    private static WebhookEndpoint create() {
        return client.webhookEndpoints().create(WebhookEndpointInput.of(receiver.url()));
    }

    /** The delivery once it succeeded after {@code attempts} attempts, found among all of the endpoint's. */
    private static WebhookDelivery awaitDelivery(String endpointId, String deliveryId, int attempts) {
        return await().atMost(WAIT).until(() -> client.webhookEndpoints().allDeliveries(endpointId, null)
                        .filter(delivery -> delivery.id().equals(deliveryId)).findFirst().orElseThrow(),
                delivery -> delivery.status().equals("succeeded") && delivery.attempts().size() == attempts);
    }
}
