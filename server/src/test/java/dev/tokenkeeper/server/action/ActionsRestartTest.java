package dev.tokenkeeper.server.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.OpenApiContract;
import dev.tokenkeeper.server.TestService;
import dev.tokenkeeper.server.Tokenkeeper;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import dev.tokenkeeper.fake.ResourceWrite;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Held actions are durable: the only instance stops and another starts on the same database; the held actions are
 * still there, still held, the provider is not called for the stale connection, and a reconnect through a link
 * replays them in creation order, each once.
 */
class ActionsRestartTest {
    private static final Duration BOUND = Duration.ofMinutes(3);
    private static final String STALE = "stale-1";
    private static final String HEALTHY = "healthy-1";

    private TestService service;
    private Tokenkeeper restarted;

    @AfterEach
    void stop() {
        try (TestService s = service; Tokenkeeper r = restarted) {
            // closed in reverse order
        }
    }

    @Test
    void heldActionsSurviveARestart_andReplayInOrderAfterAReconnect_withoutACallWhileStale() {
        service = TestService.start();
        FakeProvider provider = service.provider;
        IssuedGrant revoked = provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        ActionCalls.importConnection(service.api, STALE, revoked);
        ActionCalls.importConnection(service.api, HEALTHY, provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID));
        provider.revokeGrant(revoked.grantId());
        List<CreatedAction> held = new ArrayList<>(List.of(create(service.api, STALE, 0)));
        await("the first action meets the dead grant and is held").atMost(BOUND).pollInterval(Duration.ofMillis(200))
                .until(() -> state(service.api, held.getFirst().id()).equals("held"));
        for (int i = 1; i < 4; i++) {
            held.add(create(service.api, STALE, i));
        }

        service.tokenkeeper.close();
        restarted = service.anotherInstance();
        ApiClient api = new ApiClient(restarted.baseUrl(), service.apiKey)
                .observedBy(OpenApiContract.shipped().responseChecker());
        CreatedAction probe = create(api, HEALTHY, 0);
        await("the restarted instance runs actions").atMost(BOUND).pollInterval(Duration.ofMillis(200))
                .until(() -> state(api, probe.id()).equals("succeeded"));

        assertThat(held.subList(1, 4)).extracting(CreatedAction::initialState).containsOnly("held");
        assertThat(ActionCalls.listAll(api, "connection_id=" + STALE)).extracting(action -> action.path("id").asText(),
                action -> action.path("state").asText()).containsExactlyElementsOf(held.stream()
                        .map(action -> tuple(action.id(), "held")).toList());
        assertThat(writesWith(provider, revoked.grantId())).as("the provider's calls for the stale connection")
                .extracting(ResourceWrite::marker, ResourceWrite::accepted)
                .containsExactly(tuple(held.getFirst().marker(), false));

        new LinkReconnect().reconnect(api, STALE, revoked.subject());

        await("the held actions replayed").atMost(BOUND).pollInterval(Duration.ofMillis(200))
                .until(() -> held.stream().allMatch(action -> state(api, action.id()).equals("succeeded")));
        assertThat(provider.writes()).filteredOn(write -> write.accepted() && write.path().equals("/writes/" + STALE))
                .extracting(ResourceWrite::marker).containsExactlyElementsOf(held.stream().map(CreatedAction::marker)
                        .toList());
        assertThat(writesWith(provider, revoked.grantId())).as("no call with the revoked grant's tokens after all")
                .hasSize(1);
    }

    private static CreatedAction create(ApiClient api, String connectionId, int index) {
        String suffix = connectionId + "-" + index;
        return ActionCalls.create(api, connectionId, index, "mk-" + suffix, "key-" + suffix);
    }

    private static String state(ApiClient api, String actionId) {
        ApiClient.Answer action = api.get("/v1/actions/" + actionId);
        assertThat(action.status()).as(action.text()).isEqualTo(200);
        JsonNode json = action.json();
        return json.path("state").asText();
    }

    private static List<ResourceWrite> writesWith(FakeProvider provider, String grantId) {
        return provider.writes().stream().filter(write -> grantId.equals(write.grantId())).toList();
    }
}
