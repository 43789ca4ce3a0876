package dev.tokenkeeper.server.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.ServiceBackedTest;
import dev.tokenkeeper.server.TestService;
import dev.tokenkeeper.fake.IssuedGrant;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code /v1/actions} against the fake provider: creation, idempotency, refusals, answers kept, cancel, replay. */
class ActionsApiTest extends ServiceBackedTest {
    private static ActionSteps steps;
    private static IssuedGrant grant;

    @BeforeAll
    static void connections() {
        steps = new ActionSteps(service);
        grant = steps.connection("api-1", TestService.PROVIDER);
    }

    @Test
    void create_answers202_thenTheSameActionFor200_andA409ForAnotherRequestWithTheKey() {
        ObjectNode body = ActionSteps.action("api-1", "POST", "/echo/orders").put("idempotency_key", "order-42");
        body.putObject("body").put("amount", 42);

        Answer first = service.api.post("/v1/actions", body);
        Answer again = service.api.post("/v1/actions", body);
        ObjectNode other = body.deepCopy();
        other.putObject("body").put("amount", 43);
        Answer conflict = service.api.post("/v1/actions", other);

        assertThat(first.status()).as(first.text()).isEqualTo(202);
        assertThat(first.header("Location")).isEqualTo("/v1/actions/" + first.json().path("id").asText());
        assertThat(again.status()).as(again.text()).isEqualTo(200);
        assertThat(again.json().path("id").asText()).isEqualTo(first.json().path("id").asText());
        assertThat(conflict.status()).as(conflict.text()).isEqualTo(409);
        assertThat(conflict.json().path("code").asText()).isEqualTo("idempotency_key_reused");
        assertThat(conflict.json().path("field").asText()).isEqualTo("idempotency_key");
        assertThat(steps.list("api-1").stream().filter(a -> a.path("idempotency_key").asText().equals("order-42")))
                .hasSize(1);
    }

    @Test
    void anAction_succeeds_withTheProvidersJsonAnswer_andItsRequestHeadersAndBodyAreNeverShown() {
        ObjectNode body = ActionSteps.action("api-1", "POST", "/echo/notes").put("query", "draft=1");
        body.putObject("headers").put("X-Note", "private-note-value");
        body.putObject("body").put("text", "private-body-text");

        JsonNode created = steps.create(body);
        JsonNode done = steps.awaitState(created.path("id").asText(), "succeeded");

        assertThat(done.path("attempts").asInt()).isEqualTo(1);
        assertThat(done.path("method").asText()).isEqualTo("POST");
        assertThat(done.path("path").asText()).isEqualTo("/echo/notes");
        assertThat(done.path("query").asText()).isEqualTo("draft=1");
        assertThat(done.path("error").isNull()).isTrue();
        JsonNode echoed = done.path("response").path("body");
        assertThat(done.path("response").path("status").asInt()).isEqualTo(200);
        assertThat(echoed.path("grant_id").asText()).isEqualTo(grant.grantId());
        assertThat(echoed.path("body").asText()).isEqualTo("{\"text\":\"private-body-text\"}");
        List<String> sentTypes = new ArrayList<>();
        echoed.path("headers").properties().forEach(header -> {
            if (header.getKey().equalsIgnoreCase("content-type")) {
                sentTypes.add(header.getValue().path(0).asText());
            }
        });
        assertThat(sentTypes).containsExactly("application/json");
        List<String> fields = new ArrayList<>();
        done.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyInAnyOrder("id", "connection_id", "provider", "state", "method", "path",
                "query", "idempotency_key", "attempts", "created_at", "updated_at", "expires_at", "next_attempt_at",
                "finished_at", "error", "response", "purged_at");
        assertThat(created.toString()).doesNotContain("private-note-value", "private-body-text");
    }

    @Test
    void a4xxAnswer_failsTheAction_withTheAnswerKept() {
        JsonNode created = steps.create(ActionSteps.action("api-1", "PUT", "/respond")
                .put("query", "status=422&body=nope"));

        JsonNode failed = steps.awaitState(created.path("id").asText(), "failed");

        assertThat(failed.path("error").path("code").asText()).isEqualTo("provider_rejected");
        assertThat(failed.path("response").path("status").asInt()).isEqualTo(422);
        assertThat(failed.path("response").path("body_base64").asText())
                .isEqualTo(Base64.getEncoder().encodeToString("nope".getBytes(StandardCharsets.UTF_8)));
        assertThat(failed.path("attempts").asInt()).isEqualTo(1);
    }

    @Test
    void aLongAnswer_isKeptTo64KiB_andMarkedTruncated() {
        JsonNode created = steps.create(ActionSteps.action("api-1", "GET", "/stream").put("query", "bytes=100000"));

        JsonNode done = steps.awaitState(created.path("id").asText(), "succeeded");

        assertThat(done.path("response").path("body_truncated").asBoolean()).isTrue();
        assertThat(Base64.getDecoder().decode(done.path("response").path("body_base64").asText()))
                .hasSize(KeptAnswer.MAX_BODY_BYTES);
    }

    @Test
    void anEchoedAccessToken_isRedacted_andCookiesAreDropped() {
        String token = steps.api().post("/v1/connections/api-1/token", null).json().path("access_token").asText();
        String query = "header=" + URLEncoder.encode("Set-Cookie:session=abc", StandardCharsets.UTF_8)
                + "&header=" + URLEncoder.encode("X-Seen:" + token, StandardCharsets.UTF_8)
                + "&header=" + URLEncoder.encode("Content-Type:text/plain", StandardCharsets.UTF_8)
                + "&body=" + URLEncoder.encode("your token is " + token, StandardCharsets.UTF_8);
        JsonNode created = steps.create(ActionSteps.action("api-1", "GET", "/respond").put("query", query));

        JsonNode done = steps.awaitState(created.path("id").asText(), "succeeded");

        JsonNode response = done.path("response");
        assertThat(new String(Base64.getDecoder().decode(response.path("body_base64").asText()),
                StandardCharsets.UTF_8)).isEqualTo("your token is [REDACTED]");
        assertThat(response.path("headers").path("x-seen").asText()).isEqualTo("[REDACTED]");
        assertThat(response.path("headers").has("set-cookie")).isFalse();
        assertThat(response.toString()).doesNotContain(token);
    }

    static Stream<Arguments> hostileInput() {
        return Stream.of(
                refused("method", body -> body.put("method", "TRACE")),
                refused("method", body -> body.put("method", "GET /x HTTP/1.1")),
                refused("method", body -> body.remove("method")),
                refused("path", body -> body.put("path", "echo/x")),
                refused("path", body -> body.put("path", "/echo/../../admin")),
                refused("path", body -> body.put("path", "/echo/%2e%2e/x")),
                refused("path", body -> body.put("path", "/https://evil.example/x")),
                refused("path", body -> body.put("path", "/echo/a@evil.example")),
                refused("query", body -> body.put("query", "a=<script>")),
                refused("headers.Authorization", body -> body.putObject("headers").put("Authorization", "Bearer x")),
                refused("headers.host", body -> body.putObject("headers").put("host", "evil.example")),
                refused("headers.Content-Length", body -> body.putObject("headers").put("Content-Length", "5")),
                refused("headers.Transfer-Encoding", body -> body.putObject("headers")
                        .put("Transfer-Encoding", "chunked")),
                refused("headers.X-Split", body -> body.putObject("headers").put("X-Split", "a\r\nInjected: 1")),
                refused("headers", body -> body.putObject("headers").put("Bad Name", "1")),
                refused("headers.X-Nul", body -> body.putObject("headers").put("X-Nul", "a\u0000b")),
                refused("path", body -> body.put("path", "/" + "p".repeat(2048))),
                refused("body_base64", body -> body.put("body_base64", "!!!")),
                refused("headers", body -> body.put("body_base64", "aGk=")),
                refused("body_base64", body -> body.put("body_base64", "aGk=").putObject("body")),
                refused("body_base64", body -> body.put("body_base64", Base64.getEncoder()
                        .encodeToString(new byte[1024 * 1024 + 1])).putObject("headers")
                        .put("Content-Type", "application/octet-stream")),
                refused("idempotency_key", body -> body.put("idempotency_key", "é")),
                refused("idempotency_key", body -> body.put("idempotency_key", "k".repeat(256))),
                refused("expires_in", body -> body.put("expires_in", 0)),
                refused("expires_in", body -> body.put("expires_in", 30 * 86_400 + 1)),
                refused("expires_in", body -> body.put("expires_in", "60")),
                refused("connection_id", body -> body.put("connection_id", "has space")),
                refused("priority", body -> body.put("priority", 1)));
    }

    private static Arguments refused(String field, Consumer<ObjectNode> change) {
        return Arguments.of(field, change);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileInput")
    void create_refusesHostileInput_namingTheField_andStoresNothing(String field, Consumer<ObjectNode> change) {
        ObjectNode body = ActionSteps.action("api-1", "POST", "/echo/x").put("idempotency_key", "hostile-" + field);
        change.accept(body);
        int before = steps.list("api-1").size();

        Answer refused = service.api.post("/v1/actions", body);

        assertThat(refused.status()).as(refused.text()).isEqualTo(400);
        assertThat(refused.json().path("field").asText()).isEqualTo(field);
        assertThat(steps.list("api-1")).hasSize(before);
    }

    @Test
    void create_answers413_forABodyLargerThanAnActionCanCarry() {
        Answer refused = service.api.raw("POST", "/v1/actions", "application/json", new byte[3 * 1024 * 1024]);

        assertThat(refused.status()).as(refused.text()).isEqualTo(413);
        assertThat(refused.json().path("code").asText()).isEqualTo("body_too_large");
    }

    @Test
    void create_answers404ConnectionNotFound_whenTheConnectionDoesNotExist() {
        Answer missing = service.api.post("/v1/actions", ActionSteps.action("nobody", "GET", "/me"));

        assertThat(missing.status()).as(missing.text()).isEqualTo(404);
        assertThat(missing.json().path("code").asText()).isEqualTo("connection_not_found");
        assertThat(missing.json().path("field").asText()).isEqualTo("connection_id");
    }

    @Test
    void create_answers409ProxyNotConfigured_whenTheProviderHasNoApiBaseUrl() {
        service.tokenkeeper.parts().providers().save(TestService.providerConfig("fake-no-api", service.provider)
                .apiBaseUrl(null).build());
        steps.connection("api-no-base", "fake-no-api");

        Answer refused = service.api.post("/v1/actions", ActionSteps.action("api-no-base", "GET", "/me"));

        assertThat(refused.status()).as(refused.text()).isEqualTo(409);
        assertThat(refused.json().path("code").asText()).isEqualTo("proxy_not_configured");
        assertThat(steps.list("api-no-base")).isEmpty();
    }

    @Test
    void heldActions_areNeverSent_canBeCancelled_andAreNotReplayedWhileStale() {
        IssuedGrant stale = steps.connection("api-stale", TestService.PROVIDER);
        steps.makeStale("api-stale", stale);
        long requestsBefore = service.provider.resourceRequestCount();

        JsonNode held = steps.create(ActionSteps.action("api-stale", "POST", "/echo/held"));
        JsonNode other = steps.create(ActionSteps.action("api-stale", "POST", "/echo/held-too"));

        assertThat(held.path("state").asText()).isEqualTo("held");
        assertThat(held.path("error").path("code").asText()).isEqualTo("connection_stale");
        await().during(Duration.ofSeconds(2)).atMost(ActionSteps.WAIT)
                .until(() -> service.provider.resourceRequestCount() == requestsBefore);
        Answer replay = service.api.post("/v1/actions/" + held.path("id").asText() + "/replay", null);
        assertThat(replay.status()).as(replay.text()).isEqualTo(409);
        assertThat(replay.json().path("code").asText()).isEqualTo("needs_reauth");
        Answer cancelled = service.api.post("/v1/actions/" + held.path("id").asText() + "/cancel", null);
        assertThat(cancelled.status()).as(cancelled.text()).isEqualTo(200);
        assertThat(cancelled.json().path("state").asText()).isEqualTo("cancelled");
        assertThat(service.api.post("/v1/actions/" + held.path("id").asText() + "/cancel", null).status())
                .isEqualTo(200);
        assertThat(steps.get(other.path("id").asText()).path("state").asText()).isEqualTo("held");
        assertThat(service.provider.resourceRequestCount()).isEqualTo(requestsBefore);
    }

    @Test
    void aFinishedAction_cannotBeCancelledNorReplayedUnlessFailed() {
        JsonNode done = steps.awaitState(steps.create(ActionSteps.action("api-1", "GET", "/me")).path("id").asText(),
                "succeeded");
        String id = done.path("id").asText();

        Answer cancel = service.api.post("/v1/actions/" + id + "/cancel", null);
        Answer replay = service.api.post("/v1/actions/" + id + "/replay", null);

        assertThat(cancel.status()).as(cancel.text()).isEqualTo(409);
        assertThat(cancel.json().path("code").asText()).isEqualTo("action_not_cancellable");
        assertThat(replay.status()).as(replay.text()).isEqualTo(409);
        assertThat(replay.json().path("code").asText()).isEqualTo("action_not_replayable");
        assertThat(replay.json().path("state").asText()).isEqualTo("succeeded");
    }

    @Test
    void aFailedAction_isReplayed_onRequest() {
        JsonNode failed = steps.awaitState(steps.create(ActionSteps.action("api-1", "POST", "/respond")
                .put("query", "status=400")).path("id").asText(), "failed");

        Answer replayed = service.api.post("/v1/actions/" + failed.path("id").asText() + "/replay", null);

        assertThat(replayed.status()).as(replayed.text()).isEqualTo(200);
        assertThat(replayed.json().path("state").asText()).isIn("queued", "running", "failed");
        JsonNode again = await().atMost(ActionSteps.WAIT).until(() -> steps.get(failed.path("id").asText()),
                action -> action.path("attempts").asInt() == 2 && action.path("state").asText().equals("failed"));
        assertThat(again.path("response").path("status").asInt()).isEqualTo(400);
    }

    @Test
    void unknownActions_andBadListParameters_areRefused() {
        assertThat(service.api.get("/v1/actions/act_missing").status()).isEqualTo(404);
        assertThat(service.api.get("/v1/actions/not-an-id").status()).isEqualTo(404);
        assertThat(service.api.post("/v1/actions/act_missing/cancel", null).status()).isEqualTo(404);
        Answer state = service.api.get("/v1/actions?state=lost");
        assertThat(state.status()).isEqualTo(400);
        assertThat(state.json().path("field").asText()).isEqualTo("state");
        assertThat(service.api.get("/v1/actions?limit=0").json().path("field").asText()).isEqualTo("limit");
        assertThat(service.api.get("/v1/actions?cursor=x").json().path("field").asText()).isEqualTo("cursor");
    }

    @Test
    void list_pagesInCreationOrder_andFiltersByState() {
        steps.connection("api-list", TestService.PROVIDER);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(steps.create(ActionSteps.action("api-list", "GET", "/me")).path("id").asText());
        }
        ids.forEach(id -> steps.awaitState(id, "succeeded"));

        assertThat(steps.list("api-list").stream().map(a -> a.path("id").asText())).containsExactlyElementsOf(ids);
        Answer held = service.api.get("/v1/actions?connection_id=api-list&state=held");
        assertThat(held.json().path("actions")).isEmpty();
        assertThat(held.json().path("next_cursor").isNull()).isTrue();
    }
}
