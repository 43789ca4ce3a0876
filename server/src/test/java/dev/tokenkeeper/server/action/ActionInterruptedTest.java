package dev.tokenkeeper.server.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenkeeper.core.action.ActionCreation;
import dev.tokenkeeper.core.action.ActionRequest;
import dev.tokenkeeper.core.action.ActionStore;
import dev.tokenkeeper.core.action.ClaimedAction;
import dev.tokenkeeper.core.action.NewAction;
import dev.tokenkeeper.server.TestService;
import dev.tokenkeeper.server.action.ScriptedApi.Reply;
import dev.tokenkeeper.fake.IssuedGrant;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once honesty and the end of an action's data: an action whose request may have reached the provider when
 * its holder died is never silently resent (it fails {@code outcome_unknown}) unless the provider honours an
 * idempotency header (then it is resent with the same key); finished actions' bodies are purged after the retention.
 * The runner has one slot here, so that a test can hold it busy and claim an action itself as a "dead" holder.
 */
class ActionInterruptedTest {
    private static final String IDEMPOTENT = "fake-idem";
    private static final ScriptedApi api = new ScriptedApi();
    private static TestService service;
    private static ActionSteps steps;

    @BeforeAll
    static void start() {
        service = TestService.start(false, provider -> provider.apiBaseUrl(api.baseUrl()),
                settings -> settings.withActions(ActionSettings.DEFAULT.withConcurrency(1)
                        .withBackoff(Duration.ofMillis(200), Duration.ofSeconds(2))
                        .withHousekeeping(Duration.ofMillis(200)).withRetention(Duration.ofSeconds(1))));
        service.tokenkeeper.parts().providers().save(TestService.providerConfig(IDEMPOTENT, service.provider)
                .apiBaseUrl(api.baseUrl()).idempotencyHeader("Idempotency-Key").build());
        steps = new ActionSteps(service);
    }

    @AfterAll
    static void stop() {
        service.close();
        api.close();
    }

    @Test
    void anInterruptedAttempt_failsOutcomeUnknownWithoutResending_orIsResentWithItsKeyWhenTheProviderHonoursOne() {
        steps.connection("busy-1", TestService.PROVIDER);
        steps.connection("lost-1", TestService.PROVIDER);
        steps.connection("idem-1", IDEMPOTENT);
        IssuedGrant staleGrant = steps.connection("lost-2", TestService.PROVIDER);
        CountDownLatch gate = new CountDownLatch(1);
        api.then(new Reply(200, Map.of(), "", gate));
        String busy = steps.create(ActionSteps.action("busy-1", "POST", "/busy/1")).path("id").asText();
        await().atMost(ActionSteps.WAIT).until(() -> api.requestsTo("/busy/1").size() == 1);
        ActionStore store = steps.store();
        String lost = createUnseen(store, "lost-1", "/lost/1", null);
        String idem = createUnseen(store, "idem-1", "/idem/1", "idem-key-1");
        String lostWhileStale = createUnseen(store, "lost-2", "/lost/2", null);

        List<ClaimedAction> dead = store.claimDue("dead-holder", Duration.ofSeconds(5), 10);
        assertThat(dead).extracting(claimed -> claimed.action().id())
                .containsExactlyInAnyOrder(lost, idem, lostWhileStale);
        dead.forEach(claimed -> assertThat(store.markSending(claimed)).isTrue());
        steps.makeStale("lost-2", staleGrant);
        gate.countDown();

        JsonNode unknown = steps.awaitState(lost, "failed");
        assertThat(unknown.path("error").path("code").asText()).isEqualTo("outcome_unknown");
        assertThat(unknown.path("error").path("cause").asText()).isEqualTo("outcome_unknown");
        assertThat(api.requestsTo("/lost/1")).as("never sent again").isEmpty();
        JsonNode unknownWhileStale = steps.awaitState(lostWhileStale, "failed");
        assertThat(unknownWhileStale.path("error").path("code").asText()).as("not held: a hold would forget it")
                .isEqualTo("outcome_unknown");
        steps.reconnect("lost-2", staleGrant);
        await().during(Duration.ofSeconds(2)).atMost(ActionSteps.WAIT)
                .until(() -> api.requestsTo("/lost/2").isEmpty());
        steps.awaitState(idem, "succeeded");
        List<ScriptedApi.Request> resent = api.requestsTo("/idem/1");
        assertThat(resent).hasSize(1);
        assertThat(resent.getFirst().header("Idempotency-Key")).isEqualTo("idem-key-1");
        steps.awaitState(busy, "succeeded");
    }

    @Test
    void theIdempotencyHeader_carriesTheActionIdWhenNoKeyWasGiven() {
        steps.connection("idem-2", IDEMPOTENT);

        String id = steps.create(ActionSteps.action("idem-2", "PUT", "/idem/2")).path("id").asText();

        steps.awaitState(id, "succeeded");
        assertThat(api.requestsTo("/idem/2").getFirst().header("Idempotency-Key")).isEqualTo(id);
    }

    @Test
    void aFinishedAction_isPurgedAfterTheRetention_keepingItsStateErrorAndStatus() {
        steps.connection("purge-1", TestService.PROVIDER);
        api.then(Reply.of(404, Map.of(), "gone"));

        String id = steps.create(ActionSteps.action("purge-1", "DELETE", "/purge/1")).path("id").asText();

        JsonNode purged = await().atMost(ActionSteps.WAIT).until(() -> steps.get(id),
                action -> !action.path("purged_at").isNull());
        assertThat(purged.path("state").asText()).isEqualTo("failed");
        assertThat(purged.path("error").path("code").asText()).isEqualTo("provider_rejected");
        assertThat(purged.path("response").path("status").asInt()).isEqualTo(404);
        assertThat(purged.path("response").path("headers")).isEmpty();
        assertThat(purged.path("response").has("body_base64")).isFalse();
        assertThat(purged.path("method").isNull()).isTrue();
        assertThat(purged.path("path").isNull()).isTrue();
    }

    /** An action created in the store itself: the runner is not woken, and its one slot is busy. */
    private static String createUnseen(ActionStore store, String connectionId, String path, String key) {
        Instant now = Instant.now();
        String id = "act_test" + connectionId.replace("-", "");
        ActionCreation created = store.create(new NewAction(id, connectionId, new ActionRequest("POST", path, null,
                Map.of("content-type", List.of("text/plain")), "marker".getBytes(StandardCharsets.UTF_8)), key, now,
                now.plus(Duration.ofHours(1))));
        assertThat(created).isInstanceOf(ActionCreation.Created.class);
        return id;
    }
}
