package dev.tokenkeeper.client.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tokenkeeper.client.LiveServiceTest;
import dev.tokenkeeper.client.Page;
import dev.tokenkeeper.client.problem.NeedsReauthException;
import dev.tokenkeeper.client.problem.TokenkeeperProblemException;
import dev.tokenkeeper.fake.IssuedGrant;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every action call of the SDK against a real service, whose actions call the fake provider's API. */
class ActionsTest extends LiveServiceTest {
    private static final Duration WAIT = Duration.ofMinutes(1);
    private static IssuedGrant grant;

    @BeforeAll
    static void connection() {
        grant = imported("act-conn");
    }

    @Test
    void create_runsTheCall_andGetAnswersTheProvidersJsonAnswer() {
        Action created = client.actions().create(ActionInput.of("act-conn", "POST", "/echo/notes",
                JsonNodeFactory.instance.objectNode().put("text", "hello")));

        Action done = awaitState(created.id(), ActionState.SUCCEEDED);

        assertThat(created.state()).isIn(ActionState.QUEUED, ActionState.RUNNING, ActionState.SUCCEEDED);
        assertThat(done.attempts()).isEqualTo(1);
        assertThat(done.response().status()).isEqualTo(200);
        assertThat(done.response().body().path("grant_id").asText()).isEqualTo(grant.grantId());
        assertThat(done.response().body().path("body").asText()).isEqualTo("{\"text\":\"hello\"}");
    }

    @Test
    void create_answersTheFirstAction_forARepeatedIdempotencyKey_andA409ForAnotherRequest() {
        ActionInput order = ActionInput.of("act-conn", "POST", "/echo/orders",
                JsonNodeFactory.instance.objectNode().put("amount", 42)).withIdempotencyKey("sdk-order-42");

        Action first = client.actions().create(order);
        Action again = client.actions().create(order);
        TokenkeeperProblemException reused = catchThrowableOfType(TokenkeeperProblemException.class,
                () -> client.actions().create(ActionInput.of("act-conn", "POST", "/echo/orders", null)
                        .withIdempotencyKey("sdk-order-42")));

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.idempotencyKey()).isEqualTo("sdk-order-42");
        assertThat(reused.code()).isEqualTo("idempotency_key_reused");
        assertThat(reused.problem().actionId()).isEqualTo(first.id());
    }

    @Test
    void listAndListAll_walkEveryPage_inCreationOrder() {
        imported("act-list");
        List<String> ids = List.of(create("act-list", "/echo/1"), create("act-list", "/echo/2"),
                create("act-list", "/echo/3"));

        Page<Action> first = client.actions().list("act-list", null, 2, null);
        List<String> all = client.actions().listAll("act-list", null).map(Action::id).toList();

        assertThat(first.items()).extracting(Action::id).containsExactlyElementsOf(ids.subList(0, 2));
        assertThat(client.actions().list("act-list", null, 2, first.nextCursor()).items()).extracting(Action::id)
                .containsExactly(ids.get(2));
        assertThat(all).containsExactlyElementsOf(ids);
        ids.forEach(id -> awaitState(id, ActionState.SUCCEEDED));
        assertThat(client.actions().listAll("act-list", ActionState.SUCCEEDED).count()).isEqualTo(3);
    }

    @Test
    void replay_queuesAFailedActionAgain() {
        String id = client.actions().create(new ActionInput("act-conn", "POST", "/respond", "status=400", null, null,
                null, null, null)).id();
        awaitState(id, ActionState.FAILED);

        Action replayed = client.actions().replay(id);

        assertThat(replayed.state()).isIn(ActionState.QUEUED, ActionState.RUNNING, ActionState.FAILED);
        await().atMost(WAIT).until(() -> client.actions().get(id),
                action -> action.attempts() == 2 && action.state() == ActionState.FAILED);
    }

    @Test
    void aHeldAction_isCancelled_andNotReplayedWhileTheConnectionIsStale() {
        IssuedGrant stale = imported("act-stale");
        service.provider.revokeGrant(stale.grantId());
        catchThrowableOfType(NeedsReauthException.class, () -> client.connections().refresh("act-stale"));
        Action held = client.actions().create(ActionInput.of("act-stale", "POST", "/echo/held", null));

        NeedsReauthException replay = catchThrowableOfType(NeedsReauthException.class,
                () -> client.actions().replay(held.id()));
        Action cancelled = client.actions().cancel(held.id());

        assertThat(held.state()).isEqualTo(ActionState.HELD);
        assertThat(held.error().code()).isEqualTo("connection_stale");
        assertThat(replay.code()).isEqualTo("needs_reauth");
        assertThat(cancelled.state()).isEqualTo(ActionState.CANCELLED);
        assertThat(client.actions().get(held.id()).state()).isEqualTo(ActionState.CANCELLED);
    }

    private static String create(String connectionId, String path) {
        return client.actions().create(ActionInput.of(connectionId, "GET", path, null)).id();
    }

    private static Action awaitState(String id, ActionState state) {
        return await().atMost(WAIT).until(() -> client.actions().get(id), action -> action.state() == state);
    }
}
