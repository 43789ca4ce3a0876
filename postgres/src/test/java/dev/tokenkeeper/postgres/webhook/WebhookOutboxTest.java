package dev.tokenkeeper.postgres.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionEvent;
import dev.tokenkeeper.core.connection.ConnectionLifecycle;
import dev.tokenkeeper.core.connection.Transition;
import dev.tokenkeeper.core.refresh.FailureClass;
import dev.tokenkeeper.core.refresh.FailureReason;
import dev.tokenkeeper.core.refresh.RefreshOutcome;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.token.TokenMerge;
import dev.tokenkeeper.core.token.TokenSet;
import dev.tokenkeeper.core.webhook.DeliveryStatus;
import dev.tokenkeeper.core.webhook.WebhookDelivery;
import dev.tokenkeeper.core.webhook.WebhookEndpoint;
import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.postgres.TestCiphers;
import dev.tokenkeeper.postgres.TestDatabases;
import dev.tokenkeeper.postgres.connection.PostgresConnectionStore;
import dev.tokenkeeper.postgres.crypto.TinkTokenCipher;
import dev.tokenkeeper.postgres.health.PostgresProviderHealthLedger;
import dev.tokenkeeper.postgres.work.WorkNotices;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The outbox: deliveries are made in the transaction that records a connection or provider event, and only then. */
class WebhookOutboxTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static PostgresDatabase database;
    private static TinkTokenCipher cipher;

    private PostgresWebhookStore webhooks;
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

    @BeforeEach
    void emptyTables() {
        TestDatabases.emptyTable(database, "webhook_endpoints");
        TestDatabases.emptyTable(database, "connection_events");
        TestDatabases.emptyTable(database, "connections");
        webhooks = new PostgresWebhookStore(database, cipher);
        connections = new PostgresConnectionStore(database, cipher);
    }

    @Test
    void commit_ofANeedsReauthTransition_makesOnePendingDeliveryPerReceivingEndpoint_withTheEventsBody() {
        endpoint("we_all", Set.of(), true);
        endpoint("we_reauth", Set.of("connection.needs_reauth"), true);
        endpoint("we_deleted_only", Set.of("connection.deleted"), true);
        endpoint("we_off", Set.of(), false);
        Connection created = create("conn-outbox");
        Transition reauth = needsReauth(created);

        assertThat(connections.commit(reauth, created.generation(), null)).isTrue();

        List<WebhookDelivery> all = of("we_all");
        assertThat(all).extracting(WebhookDelivery::eventType)
                .containsExactly("connection.needs_reauth", "connection.created");
        assertThat(of("we_reauth")).singleElement().satisfies(delivery -> {
            assertThat(delivery.status()).isEqualTo(DeliveryStatus.PENDING);
            assertThat(delivery.messageId()).startsWith("msg_");
            assertThat(delivery.nextAttemptAt()).isNotNull();
            JsonNode body = read(delivery.body());
            assertThat(body.get("type").asText()).isEqualTo("connection.needs_reauth");
            assertThat(Instant.parse(body.get("timestamp").asText())).isEqualTo(T0.plusSeconds(11));
            JsonNode data = body.get("data");
            assertThat(data.get("connection_id").asText()).isEqualTo("conn-outbox");
            assertThat(data.get("provider").asText()).isEqualTo("acme");
            assertThat(data.get("state").asText()).isEqualTo("needs_reauth");
            assertThat(data.get("cause").asText()).isEqualTo(causeOf(reauth));
            assertThat(data.get("metadata")).isEqualTo(JSON.createObjectNode().put("customer", "c-42"));
            assertThat(data.get("sequence").asLong()).isGreaterThan(read(all.get(1).body()).at("/data/sequence")
                    .asLong());
            assertThat(delivery.body()).doesNotContain(created.tokens().accessToken().reveal())
                    .doesNotContain(created.tokens().refreshToken().reveal());
        });
        assertThat(of("we_deleted_only")).isEmpty();
        assertThat(of("we_off")).isEmpty();
        assertThat(all.get(0).messageId()).isNotEqualTo(of("we_reauth").getFirst().messageId());
        assertThat(webhooks.untilNextDue()).hasValue(Duration.ZERO);
    }

    @Test
    void aRefreshThatFindsTheRefreshTokenExpiring_makesARefreshTokenExpiringDelivery() {
        endpoint("we_expiring", Set.of("connection.refresh_token_expiring"), true);
        Instant expiry = T0.plus(30, ChronoUnit.DAYS);
        TokenSet tokens = new TokenSet(Secret.of("at-" + UUID.randomUUID()), Secret.of("rt-" + UUID.randomUUID()),
                "bearer", T0, T0.plus(1, ChronoUnit.HOURS), List.of("read"), Map.of(), expiry);
        Transition creation = ConnectionLifecycle.created("conn-expiring", "acme", tokens, Map.of(), T0, null);
        assertThat(connections.create(creation)).isTrue();
        Instant at = T0.plus(24, ChronoUnit.DAYS);
        TokenSet answer = new TokenSet(Secret.of("at-" + UUID.randomUUID()), null, "bearer", at,
                at.plus(1, ChronoUnit.HOURS), List.of("read"), Map.of());
        ConnectionEvent.RefreshAttempted attempt = new ConnectionEvent.RefreshAttempted("conn-expiring", at,
                Duration.ofMillis(90), "https://acme.example/oauth/token", "refresh_token", "client-1", 200, null,
                "refreshed", "(token response)", List.of(), 4);
        Transition crossing = ConnectionLifecycle.afterAttempt(creation.after(),
                new RefreshOutcome.Refreshed(TokenMerge.merge(tokens, answer)), attempt, at, null);

        assertThat(connections.commit(crossing, creation.after().generation(), null)).isTrue();

        assertThat(of("we_expiring")).singleElement().satisfies(delivery -> {
            JsonNode body = read(delivery.body());
            assertThat(body.get("type").asText()).isEqualTo("connection.refresh_token_expiring");
            assertThat(body.at("/data/cause").asText()).isEqualTo("refresh_token_expiring");
            assertThat(body.at("/data/state").asText()).isEqualTo("active");
            assertThat(delivery.body()).doesNotContain(tokens.refreshToken().reveal());
        });
    }

    @Test
    void commit_thatFails_makesNoDelivery() {
        endpoint("we_reauth", Set.of("connection.needs_reauth"), true);
        Connection created = create("conn-stale");
        assertThat(connections.commit(needsReauth(created), created.generation(), null)).isTrue();

        assertThat(connections.commit(needsReauth(created), created.generation(), null)).as("a stale generation")
                .isFalse();

        assertThat(of("we_reauth")).hasSize(1);
    }

    @Test
    void delete_recordsConnectionDeleted_whoseDeliveryOutlivesTheConnection() {
        endpoint("we_deleted_only", Set.of("connection.deleted"), true);
        create("conn-gone");

        assertThat(connections.delete("conn-gone")).isPresent();

        assertThat(connections.events("conn-gone", 10)).isEmpty();
        assertThat(of("we_deleted_only")).singleElement().satisfies(delivery -> {
            JsonNode data = read(delivery.body()).get("data");
            assertThat(read(delivery.body()).get("type").asText()).isEqualTo("connection.deleted");
            assertThat(data.get("connection_id").asText()).isEqualTo("conn-gone");
            assertThat(data.get("provider").asText()).isEqualTo("acme");
            assertThat(data.get("state").asText()).isEqualTo("deleted");
            assertThat(data.get("metadata").get("customer").asText()).isEqualTo("c-42");
        });
        assertThat(connections.delete("conn-gone")).as("nothing left to delete").isEmpty();
        assertThat(of("we_deleted_only")).hasSize(1);
    }

    @Test
    void providerMarkedMisconfigured_makesAProviderEventDelivery() {
        endpoint("we_providers", Set.of("provider.misconfigured"), true);

        new PostgresProviderHealthLedger(database).markMisconfigured("acme", Cause.CLIENT_CREDENTIALS_REJECTED, T0);

        assertThat(of("we_providers")).singleElement().satisfies(delivery -> {
            JsonNode body = read(delivery.body());
            assertThat(body.get("type").asText()).isEqualTo("provider.misconfigured");
            assertThat(body.get("data").get("provider").asText()).isEqualTo("acme");
            assertThat(body.get("data").get("cause").asText()).isEqualTo(Cause.CLIENT_CREDENTIALS_REJECTED.code());
            assertThat(body.get("data").get("affected_connections").asInt()).isZero();
        });
    }

    @Test
    void deliveriesMadeByTheOutbox_areAnnouncedToListeningInstances_soTheirDispatcherStartsAtOnce() {
        endpoint("we_providers", Set.of("provider.misconfigured"), true);
        AtomicInteger announced = new AtomicInteger();
        AtomicInteger events = new AtomicInteger();
        PostgresProviderHealthLedger ledger = new PostgresProviderHealthLedger(database);
        try (WorkNotices notices = WorkNotices.listen(database.location())) {
            notices.on(WorkNotices.WEBHOOKS, announced::incrementAndGet);
            notices.on("other-work", () -> announced.addAndGet(1000));

            // The listener connects in the background: events made before it listens are not heard, so keep making.
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                ledger.markMisconfigured("acme-" + events.incrementAndGet(), Cause.CLIENT_CREDENTIALS_REJECTED, T0);
                assertThat(announced.get()).isPositive();
            });
        }
        assertThat(announced.get()).as("only the webhooks wake-up ran").isLessThan(1000);
        assertThat(of("we_providers")).hasSize(events.get());
    }

    @Test
    void anEventNoEndpointReceives_announcesNothing() {
        endpoint("we_deleted_only", Set.of("connection.deleted"), true);
        AtomicInteger announced = new AtomicInteger();
        AtomicInteger markers = new AtomicInteger();
        try (WorkNotices notices = WorkNotices.listen(database.location())) {
            notices.on(WorkNotices.WEBHOOKS, announced::incrementAndGet);
            notices.on("marker", markers::incrementAndGet);
            // The listener connects in the background: once a marker is heard, it listens.
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                notify("marker");
                assertThat(markers.get()).isPositive();
            });

            new PostgresProviderHealthLedger(database).markMisconfigured("acme", Cause.CLIENT_CREDENTIALS_REJECTED,
                    T0);
            int heard = markers.get();
            notify("marker");

            // Notifications arrive in commit order: once this marker is heard, the event's would have been too.
            await().atMost(Duration.ofSeconds(60)).until(() -> markers.get() > heard);
        }
        assertThat(announced.get()).isZero();
        assertThat(of("we_deleted_only")).isEmpty();
    }

    private static void notify(String kind) {
        database.withConnection(db -> {
            try (var notify = db.createStatement()) {
                return notify.execute("select pg_notify('" + WorkNotices.CHANNEL + "', '" + kind + "')");
            }
        });
    }

    private void endpoint(String id, Set<String> events, boolean enabled) {
        webhooks.createEndpoint(new WebhookEndpoint(id, URI.create("https://hooks.example.com/" + id), null, events,
                enabled, enabled ? null : "user", null, T0, T0), Secret.of("whsec_" + id));
    }

    private List<WebhookDelivery> of(String endpointId) {
        return webhooks.deliveries(endpointId, null, null, 50);
    }

    private Connection create(String id) {
        TokenSet tokens = new TokenSet(Secret.of("at-" + UUID.randomUUID()), Secret.of("rt-" + UUID.randomUUID()),
                "bearer", T0, T0.plus(1, ChronoUnit.HOURS), List.of("read"), Map.of());
        Transition creation = ConnectionLifecycle.created(id, "acme", tokens, Map.of("customer", "c-42"), T0,
                T0.plus(50, ChronoUnit.MINUTES));
        assertThat(connections.create(creation)).isTrue();
        return creation.after();
    }

    private static Transition needsReauth(Connection before) {
        FailureReason reason = new FailureReason("invalid_grant", "the grant was revoked", 400, "invalid_grant",
                "Token has been expired or revoked.", null);
        ConnectionEvent.RefreshAttempted attempt = new ConnectionEvent.RefreshAttempted(before.id(),
                T0.plusSeconds(10), Duration.ofMillis(120), "https://acme.example/oauth/token", "refresh_token",
                "client-1", 400, FailureClass.NEEDS_REAUTH, "invalid_grant", "{\"error\":\"invalid_grant\"}",
                List.of(), 3);
        return ConnectionLifecycle.afterAttempt(before, new RefreshOutcome.NeedsReauth(reason), attempt,
                T0.plusSeconds(11), null);
    }

    private static String causeOf(Transition transition) {
        return transition.events().stream().filter(ConnectionEvent.StateChanged.class::isInstance)
                .map(ConnectionEvent.StateChanged.class::cast).findFirst().orElseThrow().reason().cause().code();
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
