package dev.tokenkeeper.server.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.TestService;
import dev.tokenkeeper.server.Tokenkeeper;
import dev.tokenkeeper.server.action.ScriptedApi.Reply;
import dev.tokenkeeper.fake.IssuedGrant;
import dev.tokenkeeper.fake.webhook.WebhookReceiver;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The runner against a scripted provider API (tokens from the fake provider): retries with Retry-After and backoff,
 * one refresh and one replay on an auth failure, a hold when the grant is dead, replay after a reconnect in creation
 * order, and nothing of a body, header or token in the logs, the webhooks or the database.
 */
class ActionRunnerTest {
    private static final ScriptedApi api = new ScriptedApi();
    private static final WebhookReceiver receiver = WebhookReceiver.start();
    private static TestService service;
    private static ActionSteps steps;

    @BeforeAll
    static void start() {
        service = TestService.start(false, provider -> provider.apiBaseUrl(api.baseUrl()),
                settings -> settings.withActions(ActionSettings.DEFAULT.withBackoff(Duration.ofMillis(200),
                        Duration.ofSeconds(2)).withHousekeeping(Duration.ofMillis(200))));
        steps = new ActionSteps(service);
        Answer endpoint = service.api.post("/v1/webhook-endpoints", ApiClient.object()
                .put("url", receiver.url().toString()));
        assertThat(endpoint.status()).as(endpoint.text()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        service.close();
        api.close();
        receiver.close();
    }

    @Test
    void a429WithRetryAfter_thenA503_areRetried_thenTheActionSucceeds() {
        steps.connection("retry-1", TestService.PROVIDER);
        api.then(Reply.of(429, Map.of("Retry-After", "1"), ""), Reply.of(503, Map.of(), "down"));

        JsonNode done = steps.awaitState(steps.create(ActionSteps.action("retry-1", "POST", "/retry/1")).path("id")
                .asText(), "succeeded");

        List<ScriptedApi.Request> sent = api.requestsTo("/retry/1");
        assertThat(sent).hasSize(3);
        assertThat(done.path("attempts").asInt()).isEqualTo(3);
        assertThat(done.path("response").path("status").asInt()).isEqualTo(200);
        assertThat(Duration.between(sent.get(0).at(), sent.get(1).at()))
                .as("never sooner than the provider's Retry-After").isGreaterThanOrEqualTo(Duration.ofMillis(900));
        String metrics = service.api.get("/metrics").text();
        assertThat(metrics).contains("tokenkeeper_action_attempts_total{outcome=\"retry\"}")
                .contains("tokenkeeper_action_attempts_total{outcome=\"succeeded\"}")
                .contains("tokenkeeper_actions{state=\"succeeded\"}");
    }

    @Test
    void anAuthFailure_refreshesOnce_andReplaysOnce_withTheNewToken() {
        IssuedGrant grant = steps.connection("auth-1", TestService.PROVIDER);
        api.then(Reply.of(401, Map.of(), ""));

        JsonNode done = steps.awaitState(steps.create(ActionSteps.action("auth-1", "PATCH", "/auth/1")).path("id")
                .asText(), "succeeded");

        List<ScriptedApi.Request> sent = api.requestsTo("/auth/1");
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).header("Authorization")).isEqualTo("Bearer " + grant.accessToken());
        assertThat(sent.get(1).header("Authorization"))
                .isEqualTo("Bearer " + service.provider.currentAccessToken(grant.grantId()).orElseThrow());
        assertThat(service.provider.refreshCount(grant.grantId())).isEqualTo(1);
        assertThat(done.path("attempts").asInt()).isEqualTo(1);
    }

    @Test
    void aDeadGrantAtTheRefresh_holdsTheAction_andAReconnectReplaysIt() {
        IssuedGrant grant = steps.connection("dead-1", TestService.PROVIDER);
        service.provider.revokeGrant(grant.grantId());
        api.then(Reply.of(401, Map.of(), ""));

        JsonNode held = steps.awaitState(steps.create(ActionSteps.action("dead-1", "POST", "/dead/1")).path("id")
                .asText(), "held");

        assertThat(held.path("error").path("code").asText()).isEqualTo("connection_stale");
        assertThat(held.path("error").path("cause").asText()).isNotBlank();
        assertThat(steps.connectionState("dead-1")).isEqualTo("needs_reauth");
        assertThat(api.requestsTo("/dead/1")).hasSize(1);
        steps.reconnect("dead-1", grant);
        JsonNode done = steps.awaitState(held.path("id").asText(), "succeeded");
        assertThat(api.requestsTo("/dead/1")).hasSize(2);
        assertThat(done.path("attempts").asInt()).isEqualTo(2);
    }

    @Test
    void heldActions_areNotSentWhileStale_thenReplayOnceInCreationOrder_afterAReconnect() {
        IssuedGrant grant = steps.connection("order-1", TestService.PROVIDER);
        steps.makeStale("order-1", grant);
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            JsonNode created = steps.create(ActionSteps.action("order-1", "POST", "/order/" + i));
            assertThat(created.path("state").asText()).isEqualTo("held");
            ids.add(created.path("id").asText());
        }
        await().during(Duration.ofSeconds(2)).atMost(ActionSteps.WAIT)
                .until(() -> api.requests().stream().noneMatch(r -> r.path().contains("/order/")));

        steps.reconnect("order-1", grant);

        ids.forEach(id -> steps.awaitState(id, "succeeded"));
        assertThat(api.requests().stream().filter(r -> r.path().contains("/order/")).map(ScriptedApi.Request::path))
                .containsExactly("/api/order/1", "/api/order/2", "/api/order/3", "/api/order/4");
    }

    @Test
    void anExpiredHeldAction_endsExpired() {
        IssuedGrant grant = steps.connection("expiry-1", TestService.PROVIDER);
        steps.makeStale("expiry-1", grant);

        JsonNode created = steps.create(ActionSteps.action("expiry-1", "DELETE", "/expiry/1").put("expires_in", 1));

        JsonNode expired = steps.awaitState(created.path("id").asText(), "expired");
        assertThat(expired.path("finished_at").isNull()).isFalse();
        assertThat(api.requestsTo("/expiry/1")).isEmpty();
    }

    @Test
    void noBodyHeaderValueOrToken_reachesTheLogs_orTheDatabaseInPlainText() {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        root().addAppender(log);
        IssuedGrant grant;
        try {
            grant = steps.connection("quiet-1", TestService.PROVIDER);
            ObjectNode body = ActionSteps.action("quiet-1", "POST", "/quiet/1");
            body.putObject("headers").put("X-Customer", "header-marker-7731");
            body.putObject("body").put("note", "body-marker-5521");
            steps.awaitState(steps.create(body).path("id").asText(), "succeeded");
        } finally {
            root().detachAppender(log);
        }
        List<String> lines = log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();

        assertThat(lines).anyMatch(line -> line.startsWith("action_attempt") && line.contains("connection=quiet-1")
                && line.contains("outcome=succeeded") && line.contains("attempt=1") && line.contains("status=200"));
        assertThat(String.join("\n", lines)).doesNotContain("header-marker-7731", "body-marker-5521",
                grant.accessToken());
        String rows = rowsAsText("quiet-1");
        for (String secret : List.of("header-marker-7731", "body-marker-5521", "/quiet/1", grant.accessToken())) {
            assertThat(rows).doesNotContain(secret)
                    .doesNotContain(HexFormat.of().formatHex(secret.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void twoInstances_runEachActionOnce_inCreationOrderPerConnection() {
        steps.connection("multi-1", TestService.PROVIDER);
        steps.connection("multi-2", TestService.PROVIDER);
        List<String> ids = new ArrayList<>();
        try (Tokenkeeper second = service.anotherInstance()) {
            for (int i = 1; i <= 6; i++) {
                ids.add(steps.create(ActionSteps.action("multi-" + (i % 2 + 1), "POST", "/multi/" + i)).path("id")
                        .asText());
            }
            ids.forEach(id -> steps.awaitState(id, "succeeded"));
        }

        List<String> paths = api.requests().stream().map(ScriptedApi.Request::path)
                .filter(path -> path.contains("/multi/")).toList();
        assertThat(paths).hasSize(6).doesNotHaveDuplicates();
        assertThat(paths.stream().filter(path -> number(path) % 2 == 0))
                .containsExactly("/api/multi/2", "/api/multi/4", "/api/multi/6");
        assertThat(paths.stream().filter(path -> number(path) % 2 == 1))
                .containsExactly("/api/multi/1", "/api/multi/3", "/api/multi/5");
    }

    @Test
    void heldAndSucceeded_areDeliveredAsWebhooks_withoutTheActionsBodyOrToken() {
        IssuedGrant grant = steps.connection("hook-1", TestService.PROVIDER);
        steps.makeStale("hook-1", grant);
        ObjectNode body = ActionSteps.action("hook-1", "POST", "/hook/1");
        body.putObject("body").put("note", "hook-marker-9090");
        String id = steps.create(body).path("id").asText();

        steps.reconnect("hook-1", grant);
        steps.awaitState(id, "succeeded");

        List<String> events = await().atMost(ActionSteps.WAIT).until(() -> receiver.received().stream()
                .map(WebhookReceiver.Received::body).filter(text -> text.contains(id)).toList(),
                bodies -> bodies.stream().anyMatch(text -> text.contains("action.succeeded")));
        assertThat(events).anyMatch(text -> text.contains("\"action.held\""));
        assertThat(String.join("\n", events)).doesNotContain("hook-marker-9090", grant.accessToken(),
                service.provider.currentAccessToken(grant.grantId()).orElse("none"));
    }

    private static int number(String path) {
        return Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
    }

    private static String rowsAsText(String connectionId) {
        return service.tokenkeeper.parts().storage().database().withConnection(db -> {
            try (PreparedStatement select = db.prepareStatement(
                    "select string_agg(a::text, '\n') from actions a where connection_id = ?")) {
                select.setString(1, connectionId);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    return String.valueOf(row.getString(1));
                }
            }
        });
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
