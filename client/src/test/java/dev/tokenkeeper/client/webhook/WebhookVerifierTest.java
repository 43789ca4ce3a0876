package dev.tokenkeeper.client.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tokenkeeper.client.LiveServiceTest;
import dev.tokenkeeper.client.Secret;
import dev.tokenkeeper.fake.webhook.WebhookReceiver;
import dev.tokenkeeper.fake.webhook.WebhookReceiver.Received;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The verifier accepts the service's real deliveries and refuses them once anything signed was changed. */
class WebhookVerifierTest extends LiveServiceTest {
    // The worked example of the Standard Webhooks reference libraries' tests.
    private static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static final long SPEC_TIMESTAMP = 1614265330;

    private WebhookReceiver receiver;
    private WebhookEndpoint endpoint;

    @BeforeEach
    void addEndpoint() {
        receiver = WebhookReceiver.start();
        endpoint = client.webhookEndpoints().create(WebhookEndpointInput.of(receiver.url()));
    }

    @AfterEach
    void removeEndpoint() {
        client.webhookEndpoints().delete(endpoint.id());
        receiver.close();
    }

    @Test
    void verify_answersThePingEvent_ofARealDelivery() {
        Received ping = ping();

        WebhookEvent event = new WebhookVerifier(endpoint.secret().reveal()).verify(ping.headers(), ping.body());

        assertThat(event.type()).isEqualTo("ping");
        assertThat(event.id()).isEqualTo(ping.header("webhook-id")).startsWith("msg_");
        assertThat(event.data().path("endpoint_id").asText()).isEqualTo(endpoint.id());
        assertThat(event.timestamp()).isNotNull();
    }

    @Test
    void verify_refusesARealDelivery_whoseBodyIdOrTimestampWasChanged() {
        Received ping = ping();
        WebhookVerifier verifier = new WebhookVerifier(endpoint.secret().reveal());
        String timestamp = ping.header("webhook-timestamp");
        String signature = ping.header("webhook-signature");

        assertRefused(() -> verifier.verify(ping.header("webhook-id"), timestamp, signature,
                ping.body().replace("ping", "pong")), "no v1 signature");
        assertRefused(() -> verifier.verify("msg_other", timestamp, signature, ping.body()), "no v1 signature");
        assertRefused(() -> verifier.verify(ping.header("webhook-id"), Long.toString(Long.parseLong(timestamp) + 1),
                signature, ping.body()), "no v1 signature");
        assertRefused(() -> verifier.verify(withoutHeader(ping, "webhook-signature"), ping.body()),
                "webhook-signature header is missing");
    }

    @Test
    void verify_refusesARealDelivery_signedWithAnotherSecret() {
        Received ping = ping();
        WebhookEndpoint other = client.webhookEndpoints().create(WebhookEndpointInput.of(receiver.url()));
        client.webhookEndpoints().delete(other.id());

        assertRefused(() -> new WebhookVerifier(other.secret().reveal()).verify(ping.headers(), ping.body()),
                "no v1 signature");
    }

    @Test
    void verify_refusesARealDelivery_afterTheTolerance() {
        Received ping = ping();
        Instant sent = Instant.ofEpochSecond(Long.parseLong(ping.header("webhook-timestamp")));
        WebhookVerifier later = new WebhookVerifier(endpoint.secret(), Duration.ofMinutes(5),
                InstantSource.fixed(sent.plus(Duration.ofMinutes(5).plusSeconds(1))));
        WebhookVerifier justInTime = new WebhookVerifier(endpoint.secret(), Duration.ofMinutes(5),
                InstantSource.fixed(sent.plus(Duration.ofMinutes(5))));

        assertRefused(() -> later.verify(ping.headers(), ping.body()), "more than the tolerance");
        assertThat(justInTime.verify(ping.headers(), ping.body()).type()).isEqualTo("ping");
    }

    @Test
    void verify_acceptsTheOldAndTheNewSecret_whileTheSecretRotates() {
        WebhookSecret rotated = client.webhookEndpoints().rotateSecret(endpoint.id());

        Received ping = ping();

        assertThat(ping.header("webhook-signature").split(" ")).hasSize(2);
        assertThat(new WebhookVerifier(rotated.secret().reveal()).verify(ping.headers(), ping.body()).type())
                .isEqualTo("ping");
        assertThat(new WebhookVerifier(endpoint.secret().reveal()).verify(ping.headers(), ping.body()).type())
                .isEqualTo("ping");
    }

    @Test
    void verify_checksTheStandardWebhooksTestVector() {
        WebhookVerifier verifier = new WebhookVerifier(Secret.of(SPEC_SECRET), Duration.ofMinutes(5),
                InstantSource.fixed(Instant.ofEpochSecond(SPEC_TIMESTAMP)));
        String body = "{\"type\":\"ping\",\"timestamp\":\"2021-02-25T15:02:10Z\",\"data\":{}}";

        assertRefused(() -> verifier.verify("msg_p5jXN8AQM9LWM0D4loKWxJek", Long.toString(SPEC_TIMESTAMP),
                SPEC_SIGNATURE, body), "no v1 signature");
        assertRefused(() -> verifier.verify("msg_p5jXN8AQM9LWM0D4loKWxJek", Long.toString(SPEC_TIMESTAMP),
                "v1,bm9wZQ== " + SPEC_SIGNATURE, "{\"test\": 2432232314}"), "is no event");
    }

    private Received ping() {
        int before = receiver.received().size();
        client.webhookEndpoints().test(endpoint.id());
        await().atMost(Duration.ofMinutes(1)).until(() -> receiver.received().size() > before);
        return receiver.received().get(before);
    }

    private static Map<String, List<String>> withoutHeader(Received received, String name) {
        Map<String, List<String>> headers = new HashMap<>(received.headers());
        headers.remove(name);
        return headers;
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String why) {
        assertThatThrownBy(call).isInstanceOf(WebhookVerificationException.class).hasMessageContaining(why);
    }
}
