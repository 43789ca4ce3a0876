package dev.tokenkeeper.postgres.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenkeeper.core.action.Action;
import dev.tokenkeeper.core.action.ActionCreation;
import dev.tokenkeeper.core.action.ActionResponse;
import dev.tokenkeeper.core.action.ActionState;
import dev.tokenkeeper.core.action.ActionStore;
import dev.tokenkeeper.core.action.ClaimedAction;
import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionEvent;
import dev.tokenkeeper.core.connection.ConnectionLifecycle;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.refresh.FailureReason;
import dev.tokenkeeper.core.refresh.RefreshOutcome;
import dev.tokenkeeper.core.token.TokenSet;
import dev.tokenkeeper.core.port.ConnectionStore;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.webhook.WebhookDelivery;
import dev.tokenkeeper.core.webhook.WebhookEndpoint;
import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.postgres.TestCiphers;
import dev.tokenkeeper.postgres.TestDatabases;
import dev.tokenkeeper.postgres.connection.PostgresConnectionStore;
import dev.tokenkeeper.postgres.work.WorkNotices;
import dev.tokenkeeper.postgres.crypto.TinkTokenCipher;
import dev.tokenkeeper.postgres.webhook.PostgresWebhookStore;
import dev.tokenkeeper.testkit.contract.ActionStoreContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresActionStoreTest extends ActionStoreContract {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LEASE = Duration.ofMinutes(1);
    private static PostgresDatabase database;
    private static TinkTokenCipher cipher;

    private PostgresConnectionStore connections;

    @BeforeAll
    static void open() {
        database = TestDatabases.fresh();
        cipher = TestCiphers.fresh();
    }

    @AfterAll
    static void close() {
        database.close();
    }

    /** One database for the class, emptied for each test. */
    @Override
    protected ActionStore store() {
        for (String table : List.of("actions", "webhook_endpoints", "connection_events", "connections")) {
            TestDatabases.emptyTable(database, table);
        }
        connections = new PostgresConnectionStore(database, cipher);
        return new PostgresActionStore(database, cipher);
    }

    @Override
    protected ConnectionStore connections() {
        return connections;
    }

    @Override
    protected Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    @Override
    protected void leasesRunOut() {
        database.withConnection(db -> {
            try (Statement update = db.createStatement()) {
                return update.executeUpdate("update actions set lease_expires_at = clock_timestamp()"
                        + " - interval '1 second' where lease_expires_at is not null");
            }
        });
    }

    @Test
    void reactivatingTheConnection_queuesItsHeldActions_inTheSameTransaction() {
        ActionStore store = store();
        connection("c1");
        connection("c2");
        makeStale("c1");
        makeStale("c2");
        created(store.create(action("act_1", "c1", null)));
        created(store.create(action("act_2", "c1", null)));
        created(store.create(action("act_other", "c2", null)));

        reactivate("c1");

        assertThat(store.find("act_1").orElseThrow().state()).isEqualTo(ActionState.QUEUED);
        assertThat(store.find("act_2").orElseThrow().nextAttemptAt()).isNotNull();
        assertThat(store.find("act_other").orElseThrow().state()).isEqualTo(ActionState.HELD);
        assertThat(store.claimDue("r", LEASE, 10)).extracting(c -> c.action().id()).containsExactly("act_1");
    }

    @Test
    void queuedWork_isAnnouncedToListeningInstances_onCreationAndOnRelease_butAHeldCreationIsNot() {
        ActionStore store = store();
        connection("c_live");
        connection("c_stale");
        makeStale("c_stale");
        AtomicInteger announced = new AtomicInteger();
        AtomicInteger markers = new AtomicInteger();
        try (WorkNotices notices = WorkNotices.listen(database.location())) {
            notices.on(WorkNotices.ACTIONS, announced::incrementAndGet);
            notices.on("marker", markers::incrementAndGet);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                announce("marker");
                assertThat(markers.get()).isPositive();
            });

            created(store.create(action("act_held", "c_stale", null)));
            awaitMarker(markers);
            assertThat(announced.get()).as("a held action is not work yet").isZero();

            created(store.create(action("act_queued", "c_live", null)));
            await().atMost(Duration.ofSeconds(60)).until(() -> announced.get() == 1);

            reactivate("c_stale");
            await().atMost(Duration.ofSeconds(60)).until(() -> announced.get() == 2);
        }
    }

    private static void awaitMarker(AtomicInteger markers) {
        int heard = markers.get();
        announce("marker");
        // Notifications arrive in commit order: once the marker is heard, what was committed before it was too.
        await().atMost(Duration.ofSeconds(60)).until(() -> markers.get() > heard);
    }

    private static void announce(String kind) {
        database.withConnection(db -> {
            try (Statement notify = db.createStatement()) {
                return notify.execute("select pg_notify('" + WorkNotices.CHANNEL + "', '" + kind + "')");
            }
        });
    }

    @Test
    void aSuccessfulRefreshOfAMisconfiguredConnection_queuesItsHeldActions() {
        ActionStore store = store();
        connection("c1");
        Connection before = connections.find("c1").orElseThrow();
        assertThat(connections.commit(ConnectionLifecycle.unrefreshable(before, ConnectionState.MISCONFIGURED,
                FailureReason.of("invalid_client", "the client was rejected", Cause.CLIENT_AUTH_METHOD_WRONG), now()),
                before.generation(), null)).isTrue();
        Action held = created(store.create(action("act_1", "c1", null)));
        assertThat(held.error().cause()).isEqualTo(Cause.CLIENT_AUTH_METHOD_WRONG);
        assertThat(held.error().message()).contains("misconfigured");
        Connection stale = connections.find("c1").orElseThrow();
        Instant now = now();
        ConnectionEvent.RefreshAttempted attempt = new ConnectionEvent.RefreshAttempted("c1", now,
                Duration.ofMillis(20), "https://fake.example/token", "refresh_token", "client", 200, null, "ok", null,
                List.of(), 0);
        TokenSet tokens = new TokenSet(Secret.of("at-new"), Secret.of("rt-new"), "Bearer", now,
                now.plus(Duration.ofHours(1)), List.of(), Map.of());

        assertThat(connections.commit(ConnectionLifecycle.afterAttempt(stale,
                new RefreshOutcome.Refreshed(tokens, List.of()), attempt, now, null), stale.generation(), null))
                .isTrue();

        assertThat(connections.find("c1").orElseThrow().state()).isEqualTo(ConnectionState.ACTIVE);
        assertThat(store.find("act_1").orElseThrow().state()).isEqualTo(ActionState.QUEUED);
    }

    @Test
    void create_racingTheReactivation_neverLeavesTheActionHeld() throws Exception {
        ActionStore store = store();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                String connectionId = "c-race-" + round;
                connection(connectionId);
                makeStale(connectionId);
                CountDownLatch start = new CountDownLatch(1);
                String actionId = "act_race_" + round;
                Future<ActionCreation> creation = threads.submit(() -> {
                    start.await();
                    return store.create(action(actionId, connectionId, null));
                });
                Future<?> reactivation = threads.submit(() -> {
                    start.await();
                    reactivate(connectionId);
                    return null;
                });
                start.countDown();
                creation.get(1, TimeUnit.MINUTES);
                reactivation.get(1, TimeUnit.MINUTES);

                assertThat(store.find(actionId).orElseThrow().state()).as("round %d", round)
                        .isEqualTo(ActionState.QUEUED);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void deletingTheConnection_failsItsQueuedAndHeldActions_butNotARunningOne() {
        ActionStore store = store();
        connection("c1");
        created(store.create(action("act_run", "c1", null)));
        created(store.create(action("act_queued", "c1", null)));
        ClaimedAction running = store.claimDue("r", LEASE, 1).getFirst();

        assertThat(connections.delete("c1")).isPresent();

        Action failed = store.find("act_queued").orElseThrow();
        assertThat(failed.state()).isEqualTo(ActionState.FAILED);
        assertThat(failed.error().code()).isEqualTo("connection_deleted");
        assertThat(failed.error().message()).isEqualTo("the connection was deleted");
        assertThat(failed.finishedAt()).isNotNull();
        assertThat(store.find("act_run").orElseThrow().state()).isEqualTo(ActionState.RUNNING);
        assertThat(store.hold(running, stale(), now())).isTrue();
        assertThat(store.find("act_run").orElseThrow().error().code()).isEqualTo("connection_deleted");
    }

    @Test
    void outbox_makesOneDeliveryPerOutcome_withTheActionsFacts_andNoRequestOrAnswer() {
        ActionStore store = store();
        connection("c1");
        PostgresWebhookStore webhooks = new PostgresWebhookStore(database, cipher);
        webhooks.createEndpoint(new WebhookEndpoint("we_all", URI.create("https://hooks.example.com/all"), null,
                Set.of(), true, null, null, now(), now()), Secret.of("whsec_c2VjcmV0"));
        created(store.create(action("act_ok", "c1", "key-ok")));
        ClaimedAction claimed = store.claimDue("r", LEASE, 1).getFirst();
        store.markSending(claimed);
        assertThat(webhooks.deliveries("we_all", null, null, 10)).as("a claim, an attempt mark").isEmpty();

        store.finish(claimed, ActionState.SUCCEEDED, new ActionResponse(201,
                Map.of("x-answer", List.of("secret-header")), "answer-body".getBytes(StandardCharsets.UTF_8),
                false), null, now());

        List<WebhookDelivery> deliveries = webhooks.deliveries("we_all", null, null, 10);
        assertThat(deliveries).singleElement().satisfies(delivery -> {
            assertThat(delivery.eventType()).isEqualTo("action.succeeded");
            JsonNode data = read(delivery.body()).get("data");
            assertThat(data.get("action_id").asText()).isEqualTo("act_ok");
            assertThat(data.get("connection_id").asText()).isEqualTo("c1");
            assertThat(data.get("provider").asText()).isEqualTo("fake");
            assertThat(data.get("state").asText()).isEqualTo("succeeded");
            assertThat(data.get("attempts").asInt()).isEqualTo(1);
            assertThat(data.get("idempotency_key").asText()).isEqualTo("key-ok");
            assertThat(data.get("response_status").asInt()).isEqualTo(201);
            assertThat(data.get("error_code").isNull()).isTrue();
            assertThat(delivery.body()).doesNotContain("answer-body").doesNotContain("secret-header")
                    .doesNotContain("body-key-ok").doesNotContain("h-key-ok").doesNotContain("/v1/things");
        });

        makeStale("c1");
        created(store.create(action("act_held", "c1", null)));
        store.cancel("act_held", now());
        assertThat(webhooks.deliveries("we_all", null, null, 10)).extracting(WebhookDelivery::eventType)
                .as("newest first; a cancel emits nothing")
                .containsExactly("action.held", "connection.needs_reauth", "action.succeeded");
        WebhookDelivery held = webhooks.deliveries("we_all", null, null, 10).getFirst();
        assertThat(read(held.body()).at("/data/cause").asText()).isEqualTo(Cause.GRANT_REVOKED.code());
        assertThat(read(held.body()).at("/data/error_code").asText()).isEqualTo("connection_stale");
    }

    @Test
    void table_holdsRequestsAndAnswersEncrypted_neverInPlainText() {
        ActionStore store = store();
        connection("c1");
        created(store.create(action("act_secret", "c1", "marker-7f3a")));
        ClaimedAction claimed = store.claimDue("r", LEASE, 1).getFirst();
        store.finish(claimed, ActionState.FAILED, new ActionResponse(400,
                Map.of("x-answer", List.of("answer-header-9c1d")), "answer-body-9c1d".getBytes(
                        StandardCharsets.UTF_8), false), null, now());

        String dump = database.withConnection(db -> {
            try (PreparedStatement select = db.prepareStatement("select a::text from actions a");
                    ResultSet row = select.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        });

        assertThat(dump).contains("act_secret");
        for (String marker : List.of("body-marker-7f3a", "h-marker-7f3a", "/v1/things/marker-7f3a",
                "answer-header-9c1d", "answer-body-9c1d")) {
            assertThat(dump).doesNotContain(marker)
                    .doesNotContain(HexFormat.of().formatHex(marker.getBytes(StandardCharsets.UTF_8)));
        }
        Action found = store.find("act_secret").orElseThrow();
        assertThat(found.request()).isEqualTo(request("marker-7f3a"));
        assertThat(new String(found.response().body(), StandardCharsets.UTF_8)).isEqualTo("answer-body-9c1d");
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
