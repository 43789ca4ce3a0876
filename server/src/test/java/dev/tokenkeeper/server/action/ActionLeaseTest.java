package dev.tokenkeeper.server.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenkeeper.server.TestService;
import dev.tokenkeeper.server.action.ScriptedApi.Reply;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A claimed action's lease is short (a dead runner's actions are taken over soon) and renewed while its attempt runs:
 * a provider slower than several leases neither gets the request twice nor sees the action given up as
 * {@code outcome_unknown}. Without renewals the runner's own loop would claim the action again once the lease ran out,
 * find the attempt interrupted, and fail it.
 */
class ActionLeaseTest {
    /** Three seconds of slack between renewals (every 3 s) and the lease's end, for a machine whose cores are busy. */
    private static final Duration LEASE = Duration.ofSeconds(9);
    private static final ScriptedApi api = new ScriptedApi();
    private static TestService service;
    private static ActionSteps steps;

    @BeforeAll
    static void start() {
        service = TestService.start(false, provider -> provider.apiBaseUrl(api.baseUrl()),
                settings -> settings.withActions(ActionSettings.DEFAULT.withLease(LEASE)));
        steps = new ActionSteps(service);
    }

    @AfterAll
    static void stop() {
        service.close();
        api.close();
    }

    @Test
    void aProviderSlowerThanSeveralLeases_keepsTheActionRunning_andGetsTheRequestOnce() {
        steps.connection("slow-1", TestService.PROVIDER);
        CountDownLatch answer = new CountDownLatch(1);
        api.then(new Reply(201, Map.of("Content-Type", "application/json"), "{\"id\":\"slow\"}", answer));
        String id = steps.create(ActionSteps.action("slow-1", "POST", "/slow/1")).path("id").asText();
        await().atMost(ActionSteps.WAIT).until(() -> api.requestsTo("/slow/1").size() == 1);

        // The provider holds its answer for more than two leases; the action stays running all along.
        await().during(LEASE.multipliedBy(2).plusSeconds(2)).atMost(ActionSteps.WAIT)
                .until(() -> state(id).equals("running"));
        answer.countDown();

        JsonNode done = steps.awaitState(id, "succeeded");
        assertThat(done.path("attempts").asInt()).isEqualTo(1);
        assertThat(done.path("response").path("status").asInt()).isEqualTo(201);
        assertThat(api.requestsTo("/slow/1")).as("sent once").hasSize(1);
    }

    private static String state(String id) {
        return service.api.get("/v1/actions/" + id).json().path("state").asText();
    }
}
