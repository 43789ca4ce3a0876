package dev.tokenkeeper.server.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.server.webhook.WebhookSignature;
import dev.tokenkeeper.fake.webhook.WebhookReceiver;
import dev.tokenkeeper.fake.webhook.WebhookReceiver.Received;
import java.io.IOException;
import java.net.URI;
import java.time.InstantSource;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The demo's webhook receiver, as a product would run one: an endpoint registered for every event, on loopback, that
 * verifies each delivery's Standard Webhooks signature and prints one line per state change (creations only counted).
 */
final class DemoWebhooks implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Counted, not printed: one per imported connection at the start. */
    private static final Set<String> QUIET = Set.of("connection.created");

    private final WebhookReceiver receiver;
    private final AtomicInteger received = new AtomicInteger();
    private final AtomicInteger unverified = new AtomicInteger();

    private DemoWebhooks(WebhookReceiver receiver) {
        this.receiver = receiver;
    }

    /** Starts the receiver and registers it with Tokenkeeper; {@code say} prints a line of the demo. */
    static DemoWebhooks start(DemoApi api, InstantSource clock, Consumer<String> say) {
        WebhookReceiver receiver = WebhookReceiver.start();
        DemoWebhooks webhooks = new DemoWebhooks(receiver);
        try {
            DemoApi.Reply created = api.post("/v1/webhook-endpoints", JSON.createObjectNode()
                    .put("url", receiver.url().toString()).put("description", "the demo's receiver"));
            if (!created.success()) {
                throw new IllegalStateException("the demo's webhook endpoint was refused: " + created.body());
            }
            Secret secret = Secret.of(created.body().path("secret").asText());
            receiver.onReceive(delivery -> webhooks.print(delivery, secret, clock, say));
            say.accept("webhook receiver on " + receiver.url() + ": every state change is signed and sent there");
            return webhooks;
        } catch (RuntimeException e) {
            receiver.close();
            throw e;
        }
    }

    URI url() {
        return receiver.url();
    }

    /** How many deliveries arrived, and how many failed their signature check. */
    String tally() {
        return "webhooks received: " + received.get() + (unverified.get() == 0 ? "" : ", " + unverified.get()
                + " with a bad signature");
    }

    private void print(Received delivery, Secret secret, InstantSource clock, Consumer<String> say) {
        received.incrementAndGet();
        boolean verified = WebhookSignature.verify(secret, delivery.header("webhook-id"),
                delivery.header("webhook-timestamp"), delivery.body(), delivery.header("webhook-signature"),
                clock.instant()).valid();
        if (!verified) {
            unverified.incrementAndGet();
        }
        JsonNode body = parse(delivery.body());
        String type = body.path("type").asText();
        if (QUIET.contains(type) && verified) {
            return;
        }
        JsonNode data = body.path("data");
        String subject = data.hasNonNull("connection_id") ? data.path("connection_id").asText()
                : data.path("provider").asText();
        say.accept("webhook " + type + " " + subject + (data.hasNonNull("cause") ? " cause="
                + data.path("cause").asText() : "") + " (" + (verified ? "signature verified" : "BAD SIGNATURE")
                + ", webhook-id " + delivery.header("webhook-id") + ")");
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    @Override
    public void close() {
        receiver.close();
    }
}
