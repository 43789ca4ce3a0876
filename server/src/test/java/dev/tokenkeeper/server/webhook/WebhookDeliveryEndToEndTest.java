package dev.tokenkeeper.server.webhook;

import static dev.tokenkeeper.server.connection.ConnectionsApiTest.importBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.TestService;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import dev.tokenkeeper.fake.webhook.WebhookReceiver;
import dev.tokenkeeper.fake.webhook.WebhookReceiver.Received;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Webhooks as a product meets them: a real service, a real receiver on loopback, state changes made through the API
 * and the fake provider; each change arrives once, signed, with its cause and without a token.
 */
class WebhookDeliveryEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestService service;
    private static WebhookReceiver receiver;
    private static Secret secret;

    @BeforeAll
    static void start() {
        service = TestService.start(true, java.util.function.UnaryOperator.identity());
        receiver = WebhookReceiver.start();
        JsonNode endpoint = service.api.post("/v1/webhook-endpoints", ApiClient.object()
                .put("url", receiver.url().toString())).json();
        secret = Secret.of(endpoint.path("secret").asText());
    }

    @AfterAll
    static void stop() {
        try {
            service.close();
        } finally {
            receiver.close();
        }
    }

    /**
     * The scheduler and 50 callers meet the dead grant at the same moment: the token lives 4 s, so its proactive
     * refresh is due 2 s after the import (half its lifetime), and the callers, released together at that moment,
     * force a refresh each ({@code POST /refresh} hits the grant however fresh the token still is).
     */
    @Test
    void needsReauth_isDeliveredOnce_signed_withItsCause_whenFiftyCallersAndTheSchedulerMeetOneDeadGrant()
            throws Exception {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        service.api.post("/v1/connections", importBody("hook-dead", grant, 4));
        service.provider.revokeGrant(grant.grantId());
        Instant due = Instant.parse(service.api.get("/v1/connections/hook-dead").json()
                .path("next_refresh_at").asText());

        CountDownLatch start = new CountDownLatch(1);
        List<Integer> statuses;
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                answers.add(callers.submit(() -> {
                    start.await();
                    return service.api.post("/v1/connections/hook-dead/refresh", null).status();
                }));
            }
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                    .until(() -> !Instant.now().isBefore(due));
            start.countDown();
            statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
        }
        assertThat(statuses).as("every caller learnt the grant is dead").containsOnly(409);

        Received delivered = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> events("hook-dead", "connection.needs_reauth"), list -> !list.isEmpty()).getFirst();
        JsonNode body = JSON.readTree(delivered.body());
        assertThat(body.path("data").path("cause").asText()).isIn("grant_invalid", "grant_expired_or_revoked");
        assertThat(body.path("data").path("state").asText()).isEqualTo("needs_reauth");
        assertThat(body.path("data").path("metadata").path("customer").asText()).isEqualTo("c-1");
        assertThat(delivered.body()).doesNotContain(grant.accessToken(), grant.refreshToken());
        assertThat(WebhookSignature.verify(secret, delivered.header("webhook-id"),
                delivered.header("webhook-timestamp"), delivered.body(), delivered.header("webhook-signature"),
                Instant.now()).valid()).isTrue();
        // One transition, so one delivery made by the outbox; whatever else arrives meanwhile, it is sent once.
        assertThat(needsReauthDeliveriesMade("hook-dead")).isEqualTo(1);
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> events("hook-dead", "connection.needs_reauth").size() == 1);
    }

    /** The webhook deliveries of {@code connection.needs_reauth} the outbox made for one connection. */
    private static long needsReauthDeliveriesMade(String connectionId) {
        return service.tokenkeeper.parts().storage().database().withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement("select count(*) from"
                    + " webhook_deliveries where event_type = 'connection.needs_reauth'"
                    + " and (body::jsonb -> 'data' ->> 'connection_id') = ?")) {
                select.setString(1, connectionId);
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        });
    }

    @Test
    void misconfiguredAndReactivated_areDelivered_withTheProvidersOwnEvents_whenTheOperatorFixesTheSecret() {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        service.api.post("/v1/connections", importBody("hook-fixed", grant, 3600));

        putSecret("a-secret-copied-wrong");
        service.api.post("/v1/connections/hook-fixed/refresh", null);
        putSecret(FakeProvider.DEFAULT_CLIENT_SECRET);

        List<Received> reactivated = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> events("hook-fixed", "connection.reactivated"), list -> !list.isEmpty());
        Received misconfigured = events("hook-fixed", "connection.misconfigured").getFirst();
        assertThat(parse(misconfigured.body()).path("data").path("cause").asText())
                .isEqualTo("client_credentials_rejected");
        assertThat(sequence(misconfigured)).isLessThan(sequence(reactivated.getFirst()));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> types()
                .containsAll(List.of("provider.misconfigured", "provider.recovered")));
        assertThat(receiver.received()).allSatisfy(received -> assertThat(received.body())
                .doesNotContain("a-secret-copied-wrong", FakeProvider.DEFAULT_CLIENT_SECRET, grant.accessToken()));
    }

    /** Reads the fake provider's config, sets its client secret, and sends it back. */
    private static void putSecret(String clientSecret) {
        com.fasterxml.jackson.databind.node.ObjectNode config = (com.fasterxml.jackson.databind.node.ObjectNode)
                service.api.get("/v1/providers/" + TestService.PROVIDER).json();
        config.put("client_secret", clientSecret);
        assertThat(service.api.put("/v1/providers/" + TestService.PROVIDER, config).status()).isEqualTo(200);
    }

    private static List<String> types() {
        return receiver.received().stream().map(received -> parse(received.body()).path("type").asText()).toList();
    }

    @Test
    void deleted_isDelivered_afterTheConnectionIsGone() {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        service.api.post("/v1/connections", importBody("hook-gone", grant, 3600));

        service.api.delete("/v1/connections/hook-gone");

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> events("hook-gone", "connection.deleted"), list -> list.size() == 1);
        assertThat(events("hook-gone", "connection.created")).hasSize(1);
    }

    /** The deliveries received about one connection, of one type. */
    private static List<Received> events(String connectionId, String type) {
        return receiver.received().stream().filter(received -> {
            JsonNode body = parse(received.body());
            return body.path("type").asText().equals(type)
                    && body.path("data").path("connection_id").asText().equals(connectionId);
        }).toList();
    }

    private static long sequence(Received received) {
        return parse(received.body()).path("data").path("sequence").asLong();
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("a webhook body that is not JSON: " + body, e);
        }
    }
}
