package dev.tokenkeeper.server.webhook;

import static dev.tokenkeeper.server.connection.ConnectionsApiTest.importBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.core.webhook.DeliveryStatus;
import dev.tokenkeeper.core.webhook.WebhookDelivery;
import dev.tokenkeeper.postgres.webhook.PostgresWebhookStore;
import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.TestService;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import dev.tokenkeeper.fake.webhook.WebhookReceiver;
import dev.tokenkeeper.fake.webhook.WebhookReceiver.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code /v1/webhook-endpoints} and {@code /v1/webhook-deliveries}: the endpoint lifecycle, the secret shown once,
 * validation and address refusals, and the deliveries a connection's change makes.
 */
class WebhookEndpointsApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static TestService service;
    /** A service without TOKENKEEPER_ALLOW_PRIVATE_URLS, for the refusals that setting lifts. */
    private static TestService strict;
    /** A loopback URL where nothing listens: any delivery attempt is refused at once. */
    private static String closedUrl;

    @BeforeAll
    static void start() throws IOException {
        service = TestService.start();
        strict = TestService.start(false, UnaryOperator.identity(), settings -> settings.withAllowPrivateUrls(false));
        closedUrl = "http://127.0.0.1:" + TestService.freePort() + "/hooks";
    }

    @AfterAll
    static void stop() {
        try {
            service.close();
        } finally {
            strict.close();
        }
    }

    @Test
    void create_answersTheEndpointWithItsSecret_onlyThatOnce() {
        Answer created = create(closedUrl, List.of("connection.needs_reauth", "connection.deleted"), "billing");

        assertThat(created.status()).as(created.text()).isEqualTo(201);
        JsonNode endpoint = created.json();
        String id = endpoint.path("id").asText();
        String secret = endpoint.path("secret").asText();
        assertThat(id).startsWith("we_");
        assertThat(created.header("Location")).isEqualTo("/v1/webhook-endpoints/" + id);
        assertThat(secret).startsWith("whsec_");
        assertThat(java.util.Base64.getDecoder().decode(secret.substring("whsec_".length()))).hasSize(32);
        assertThat(endpoint.path("url").asText()).isEqualTo(closedUrl);
        assertThat(endpoint.path("events")).extracting(JsonNode::asText)
                .containsExactly("connection.deleted", "connection.needs_reauth");
        assertThat(endpoint.path("description").asText()).isEqualTo("billing");
        assertThat(endpoint.path("enabled").asBoolean()).isTrue();
        Answer read = service.api.get("/v1/webhook-endpoints/" + id);
        Answer list = service.api.get("/v1/webhook-endpoints?limit=100");
        Answer deliveries = service.api.get("/v1/webhook-endpoints/" + id + "/deliveries");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().has("secret")).isFalse();
        for (Answer answer : List.of(read, list, deliveries)) {
            assertThat(answer.text()).doesNotContain(secret.substring("whsec_".length()));
        }
        assertThat(list.json().path("webhook_endpoints")).extracting(e -> e.path("id").asText()).contains(id);
    }

    @Test
    void list_pagesInIdOrder() {
        for (int i = 0; i < 3; i++) {
            assertThat(create(closedUrl, List.of(), null).status()).isEqualTo(201);
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 200; page++) {
            Answer answer = service.api.get("/v1/webhook-endpoints?limit=2" + (cursor == null ? "" : "&cursor="
                    + cursor));
            assertThat(answer.status()).as(answer.text()).isEqualTo(200);
            answer.json().path("webhook_endpoints").forEach(e -> seen.add(e.path("id").asText()));
            cursor = answer.json().path("next_cursor").isNull() ? null : answer.json().path("next_cursor").asText();
            if (cursor == null) {
                break;
            }
        }

        assertThat(seen).hasSizeGreaterThanOrEqualTo(3).doesNotHaveDuplicates().isSortedAccordingTo(String::compareTo);
    }

    @Test
    void patch_changesTheFields_disablingAndEnablingAgain() {
        String id = create(closedUrl, List.of(), null).json().path("id").asText();

        Answer disabled = patch(id, "{\"url\":\"" + closedUrl + "/v2\",\"events\":[\"connection.created\"],"
                + "\"description\":\"changed\",\"enabled\":false}");
        Answer enabled = patch(id, "{\"enabled\":true,\"description\":null}");

        assertThat(disabled.status()).as(disabled.text()).isEqualTo(200);
        assertThat(disabled.json().path("url").asText()).isEqualTo(closedUrl + "/v2");
        assertThat(disabled.json().path("events")).extracting(JsonNode::asText).containsExactly("connection.created");
        assertThat(disabled.json().path("enabled").asBoolean()).isFalse();
        assertThat(disabled.json().path("disabled_reason").asText()).isEqualTo("user");
        assertThat(enabled.json().path("enabled").asBoolean()).isTrue();
        assertThat(enabled.json().path("disabled_reason").isNull()).isTrue();
        assertThat(enabled.json().path("description").isNull()).isTrue();
        assertThat(enabled.json().path("url").asText()).isEqualTo(closedUrl + "/v2");
    }

    @Test
    void delete_removesTheEndpoint() {
        String id = create(closedUrl, List.of(), null).json().path("id").asText();

        Answer deleted = service.api.delete("/v1/webhook-endpoints/" + id);

        assertThat(deleted.status()).as(deleted.text()).isEqualTo(200);
        assertThat(deleted.json().path("deleted").asBoolean()).isTrue();
        assertThat(service.api.get("/v1/webhook-endpoints/" + id).status()).isEqualTo(404);
        assertThat(service.api.delete("/v1/webhook-endpoints/" + id).status()).isEqualTo(404);
    }

    @Test
    void rotateSecret_answersANewSecret_andTheOldOneKeepsSigningForADay() {
        JsonNode created = create(closedUrl, List.of(), null).json();
        String id = created.path("id").asText();

        Answer rotated = service.api.post("/v1/webhook-endpoints/" + id + "/rotate-secret", null);

        assertThat(rotated.status()).as(rotated.text()).isEqualTo(200);
        String secret = rotated.json().path("secret").asText();
        assertThat(secret).startsWith("whsec_").isNotEqualTo(created.path("secret").asText());
        Instant until = Instant.parse(rotated.json().path("previous_secret_expires_at").asText());
        assertThat(until).isAfter(Instant.now().plus(Duration.ofHours(23)));
        var secrets = store().secrets(id).orElseThrow();
        assertThat(secrets.current().reveal()).isEqualTo(secret);
        assertThat(secrets.previous().reveal()).isEqualTo(created.path("secret").asText());
        assertThat(service.api.get("/v1/webhook-endpoints/" + id).text()).doesNotContain(secret);
    }

    @Test
    void test_queuesAPingDelivery_andRetryMakesADeliveryDueAgain() {
        String id = create(closedUrl, List.of("connection.deleted"), null).json().path("id").asText();

        Answer ping = service.api.post("/v1/webhook-endpoints/" + id + "/test", null);

        assertThat(ping.status()).as(ping.text()).isEqualTo(202);
        assertThat(ping.json().path("event_type").asText()).isEqualTo("ping");
        assertThat(ping.json().path("message_id").asText()).startsWith("msg_");
        String deliveryId = ping.json().path("id").asText();
        JsonNode body = read(store().delivery(deliveryId).orElseThrow().body());
        assertThat(body.path("type").asText()).isEqualTo("ping");
        assertThat(body.path("data").path("endpoint_id").asText()).isEqualTo(id);
        assertThat(Instant.parse(body.path("timestamp").asText())).isNotNull();
        Answer listed = service.api.get("/v1/webhook-endpoints/" + id + "/deliveries?status=pending");
        assertThat(listed.json().path("deliveries")).extracting(d -> d.path("id").asText()).contains(deliveryId);
        Answer retried = service.api.post("/v1/webhook-deliveries/" + deliveryId + "/retry", null);
        assertThat(retried.status()).as(retried.text()).isEqualTo(202);
        assertThat(retried.json().path("status").asText()).isEqualTo("pending");
        assertThat(service.api.post("/v1/webhook-deliveries/wd_missing/retry", null).status()).isEqualTo(404);
    }

    @Test
    void aConnectionGoingNeedsReauth_makesOneDeliveryPerSubscribedEndpoint_withTheEventAndNoToken() {
        String all = create(closedUrl, List.of(), null).json().path("id").asText();
        String reauth = create(closedUrl, List.of("connection.needs_reauth"), null).json().path("id").asText();
        String other = create(closedUrl, List.of("provider.recovered"), null).json().path("id").asText();
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID, "read");
        assertThat(service.api.post("/v1/connections", importBody("wh-reauth", grant, 3600)).status())
                .isEqualTo(201);
        service.provider.revokeGrant(grant.grantId());

        service.api.post("/v1/connections/wh-reauth/refresh", null);

        for (String endpoint : List.of(all, reauth)) {
            List<WebhookDelivery> reauths = store().deliveries(endpoint, null, null, 100).stream()
                    .filter(d -> d.eventType().equals("connection.needs_reauth"))
                    .filter(d -> read(d.body()).at("/data/connection_id").asText().equals("wh-reauth")).toList();
            assertThat(reauths).as(endpoint).singleElement().satisfies(delivery -> {
                assertThat(delivery.status()).isEqualTo(DeliveryStatus.PENDING);
                JsonNode data = read(delivery.body()).path("data");
                assertThat(data.path("provider").asText()).isEqualTo(TestService.PROVIDER);
                assertThat(data.path("state").asText()).isEqualTo("needs_reauth");
                assertThat(data.path("cause").asText()).startsWith("grant_");
                assertThat(data.path("metadata").path("customer").asText()).isEqualTo("c-1");
                assertThat(data.path("sequence").asLong()).isPositive();
                assertThat(delivery.body()).doesNotContain(grant.accessToken()).doesNotContain(grant.refreshToken());
            });
        }
        assertThat(store().deliveries(other, null, null, 100)).isEmpty();
        Answer listed = service.api.get("/v1/webhook-endpoints/" + reauth + "/deliveries");
        assertThat(listed.json().path("deliveries")).singleElement().satisfies(d -> {
            assertThat(d.path("event_type").asText()).isEqualTo("connection.needs_reauth");
            assertThat(d.path("attempts").isArray()).isTrue();
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"url\":\"ftp://example.com/x\"}", "{\"url\":\"/relative\"}", "{}",
        "{\"url\":\"https://user:pw@93.184.216.34/x\"}", "{\"url\":42}"})
    void create_refusesABadUrl_namingTheField(String body) {
        assertProblem(post(service, body), 400, "url");
    }

    @Test
    void create_refusesUnknownEventTypes_aLongDescription_andUnknownFields() {
        assertProblem(post(service, "{\"url\":\"" + closedUrl + "\",\"events\":[\"connection.exploded\"]}"), 400,
                "events");
        assertProblem(post(service, "{\"url\":\"" + closedUrl + "\",\"events\":\"connection.created\"}"), 400,
                "events");
        assertProblem(post(service, "{\"url\":\"" + closedUrl + "\",\"description\":\"" + "x".repeat(501) + "\"}"),
                400, "description");
        assertProblem(post(service, "{\"url\":\"" + closedUrl + "\",\"secret\":\"whsec_mine\"}"), 400, "secret");
        assertProblem(patch(create(closedUrl, List.of(), null).json().path("id").asText(), "{\"enabled\":\"yes\"}"),
                400, "enabled");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://169.254.169.254/latest/meta-data/", "https://metadata.google.internal/x",
        "https://10.0.0.1/hook", "http://93.184.216.34/hook", "https://127.0.0.1/hook"})
    void create_refusesPrivateMetadataAndPlainHttpUrls_withoutAllowPrivate(String url) {
        Answer refused = post(strict, "{\"url\":\"" + url + "\"}");

        assertProblem(refused, 400, "url");
        assertThat(refused.json().path("detail").asText()).contains("TOKENKEEPER_ALLOW_PRIVATE_URLS");
        assertThat(strict.api.get("/v1/webhook-endpoints").json().path("webhook_endpoints")).isEmpty();
    }

    @Test
    void create_refusesTokenkeepersOwnListener_andMetadata_evenWithAllowPrivate() {
        Answer own = post(service, "{\"url\":\"http://127.0.0.1:" + service.tokenkeeper.port() + "/v1/x\"}");
        Answer metadata = post(service, "{\"url\":\"http://169.254.169.254/latest/meta-data/\"}");

        assertProblem(own, 400, "url");
        assertThat(own.json().path("detail").asText()).contains("own listener");
        assertProblem(metadata, 400, "url");
    }

    @Test
    void create_refusesTheEndpointPastTheHundredth_andCreatesNothing() {
        List<String> added = new ArrayList<>();
        int existing = service.api.get("/v1/webhook-endpoints?limit=100").json().path("webhook_endpoints").size();
        try {
            for (int i = existing; i < WebhookEndpointsApi.MAX_ENDPOINTS; i++) {
                Answer created = create(closedUrl, List.of(), null);
                assertThat(created.status()).as(created.text()).isEqualTo(201);
                added.add(created.json().path("id").asText());
            }

            Answer refused = create(closedUrl, List.of(), null);

            assertThat(refused.status()).as(refused.text()).isEqualTo(409);
            assertThat(refused.json().path("code").asText()).isEqualTo("too_many_webhook_endpoints");
            assertThat(service.api.get("/v1/webhook-endpoints?limit=100").json().path("next_cursor").isNull())
                    .as("exactly 100 endpoints").isFalse();
        } finally {
            added.forEach(id -> service.api.delete("/v1/webhook-endpoints/" + id));
        }
    }

    @Test
    void unknownIds_are404() {
        assertThat(service.api.get("/v1/webhook-endpoints/we_missing").status()).isEqualTo(404);
        assertThat(service.api.get("/v1/webhook-endpoints/nope").status()).isEqualTo(404);
        assertThat(service.api.post("/v1/webhook-endpoints/we_missing/test", null).status()).isEqualTo(404);
        assertThat(service.api.get("/v1/webhook-endpoints/we_missing/deliveries").status()).isEqualTo(404);
        assertProblem(service.api.get("/v1/webhook-endpoints?cursor=../x"), 400, "cursor");
    }

    @Test
    void anEndpointAnswering410_showsDisabledAsGone_since_andPatchEnablesItAgain() {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            receiver.answerAlways(Reply.status(410));
            String id = create(receiver.url().toString(), List.of(), null).json().path("id").asText();
            Instant before = Instant.now();

            assertThat(service.api.post("/v1/webhook-endpoints/" + id + "/test", null).status()).isEqualTo(202);

            await().atMost(WAIT).until(() -> !endpoint(id).path("enabled").asBoolean());
            JsonNode disabled = endpoint(id);
            assertThat(disabled.path("disabled_reason").asText()).isEqualTo("gone");
            assertThat(Instant.parse(disabled.path("disabled_at").asText())).isAfterOrEqualTo(before.minusSeconds(1))
                    .isBeforeOrEqualTo(Instant.now());
            Answer enabled = patch(id, "{\"enabled\":true}");
            assertThat(enabled.status()).as(enabled.text()).isEqualTo(200);
            assertThat(enabled.json().path("enabled").asBoolean()).isTrue();
            assertThat(enabled.json().path("disabled_reason").isNull()).isTrue();
            assertThat(enabled.json().path("disabled_at").isNull()).isTrue();
            assertThat(endpoint(id).path("enabled").asBoolean()).isTrue();
        }
    }

    @Test
    void resend_sendsTheRangesFailedDeliveriesAgain_withTheirWebhookIds_afterAnOutage() {
        Instant from = Instant.now().minusSeconds(1);
        String id = create(closedUrl, List.of(), null).json().path("id").asText();
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            messages.add(service.api.post("/v1/webhook-endpoints/" + id + "/test", null).json().path("message_id")
                    .asText());
        }
        // The outage: the receiver is unreachable until the endpoint is disabled, which fails its deliveries.
        assertThat(patch(id, "{\"enabled\":false}").status()).isEqualTo(200);
        assertThat(deliveries(id, "failed")).hasSize(2);
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            assertThat(patch(id, "{\"enabled\":true,\"url\":\"" + receiver.url() + "\"}").status())
                    .isEqualTo(200);
            Instant to = Instant.now().plusSeconds(1);

            Answer resent = resend(id, from, to, null);

            assertThat(resent.status()).as(resent.text()).isEqualTo(202);
            assertThat(resent.json().path("resent").asInt()).isEqualTo(2);
            assertThat(resent.json().path("next_from").isNull()).isTrue();
            await().atMost(WAIT).until(() -> deliveries(id, "succeeded").size() == 2);
            // At least once: a delivery may arrive twice, always with its own webhook-id.
            assertThat(receiver.received()).extracting(r -> r.header("webhook-id")).containsOnlyElementsOf(messages)
                    .containsAll(messages);
            assertThat(resend(id, from, to, null).json().path("resent").asInt()).as("none failed now").isZero();
            int before = receiver.received().size();
            assertThat(resend(id, from, to, true).json().path("resent").asInt()).isEqualTo(2);
            await().atMost(WAIT).untilAsserted(() -> assertThat(receiver.received().subList(before,
                    receiver.received().size())).extracting(r -> r.header("webhook-id"))
                    .containsOnlyElementsOf(messages).containsAll(messages));
        }
    }

    @Test
    void resend_refusesABadRange_namingTheField_andADisabledEndpoint() {
        String id = create(closedUrl, List.of(), null).json().path("id").asText();
        Instant now = Instant.now();
        String hourAgo = now.minus(Duration.ofHours(1)).toString();
        String later = now.plusSeconds(60).toString();
        List<List<String>> cases = List.of(
                List.of("{}", "from"),
                List.of("{\"from\":\"yesterday\",\"to\":\"" + later + "\"}", "from"),
                List.of("{\"from\":1733300000,\"to\":\"" + later + "\"}", "from"),
                List.of("{\"from\":\"2026-12-04T10:00:00\",\"to\":\"" + later + "\"}", "from"),
                List.of("{\"from\":\"" + hourAgo + "\"}", "to"),
                List.of("{\"from\":\"" + hourAgo + "\",\"to\":\"" + hourAgo + "\"}", "to"),
                List.of("{\"from\":\"" + later + "\",\"to\":\"" + hourAgo + "\"}", "to"),
                List.of("{\"from\":\"" + now.minus(Duration.ofDays(40)) + "\",\"to\":\"" + later + "\"}", "to"),
                List.of("{\"from\":\"" + now.minus(Duration.ofDays(100)) + "\",\"to\":\""
                        + now.minus(Duration.ofDays(95)) + "\"}", "from"),
                List.of("{\"from\":\"" + hourAgo + "\",\"to\":\"" + later + "\",\"include_succeeded\":\"yes\"}",
                        "include_succeeded"),
                List.of("{\"from\":\"" + hourAgo + "\",\"to\":\"" + later + "\",\"since\":\"" + hourAgo + "\"}",
                        "since"));
        for (List<String> bad : cases) {
            assertProblem(service.api.raw("POST", "/v1/webhook-endpoints/" + id + "/resend", "application/json",
                    bad.getFirst().getBytes(StandardCharsets.UTF_8)), 400, bad.getLast());
        }
        patch(id, "{\"enabled\":false}");
        Answer disabled = resend(id, now.minusSeconds(60), now.plusSeconds(60), null);
        assertThat(disabled.status()).as(disabled.text()).isEqualTo(409);
        assertThat(disabled.json().path("code").asText()).isEqualTo("endpoint_disabled");
        assertThat(resend("we_missing", now.minusSeconds(60), now, null).status()).isEqualTo(404);
    }

    private static Answer resend(String id, Instant from, Instant to, Boolean includeSucceeded) {
        ObjectNode body = ApiClient.object().put("from", from.toString()).put("to", to.toString());
        if (includeSucceeded != null) {
            body.put("include_succeeded", includeSucceeded);
        }
        return service.api.post("/v1/webhook-endpoints/" + id + "/resend", body);
    }

    private static JsonNode endpoint(String id) {
        Answer answer = service.api.get("/v1/webhook-endpoints/" + id);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.json();
    }

    private static List<JsonNode> deliveries(String id, String status) {
        List<JsonNode> found = new ArrayList<>();
        service.api.get("/v1/webhook-endpoints/" + id + "/deliveries?limit=100&status=" + status).json()
                .path("deliveries").forEach(found::add);
        return found;
    }

    private static Answer create(String url, List<String> events, String description) {
        ObjectNode body = ApiClient.object().put("url", url);
        events.forEach(body.putArray("events")::add);
        if (description != null) {
            body.put("description", description);
        }
        return service.api.post("/v1/webhook-endpoints", body);
    }

    private static Answer post(TestService target, String body) {
        return target.api.raw("POST", "/v1/webhook-endpoints", "application/json",
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static Answer patch(String id, String body) {
        return service.api.raw("PATCH", "/v1/webhook-endpoints/" + id, "application/merge-patch+json",
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertProblem(Answer answer, int status, String field) {
        assertThat(answer.status()).as(answer.text()).isEqualTo(status);
        assertThat(answer.json().path("field").asText()).as(answer.text()).isEqualTo(field);
    }

    private static PostgresWebhookStore store() {
        var storage = service.tokenkeeper.parts().storage();
        return new PostgresWebhookStore(storage.database(), storage.cipher());
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
