package dev.tokenkeeper.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.webhook.DeliveryAttempt;
import dev.tokenkeeper.core.webhook.DeliveryStatus;
import dev.tokenkeeper.core.webhook.WebhookDelivery;
import dev.tokenkeeper.core.webhook.WebhookEndpoint;
import dev.tokenkeeper.core.webhook.WebhookStore;
import dev.tokenkeeper.core.webhook.WebhookStore.Claimed;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link WebhookStore} adapter must have; an adapter's test extends this class. Deliveries are
 * added with {@link WebhookStore#enqueue} (the outbox of connection events is the adapter's own test), and due times
 * are set in the past or far ahead, so the contract holds on a database clock too.
 */
public abstract class WebhookStoreContract {
    private static final Duration LEASE = Duration.ofMinutes(1);
    private static final String BODY = "{\"type\":\"ping\",\"timestamp\":\"2026-12-04T10:00:00Z\",\"data\":{}}";

    /** A fresh, empty store for each test. */
    protected abstract WebhookStore store();

    /** Now, as the store's clock sees it. */
    protected abstract Instant now();

    @Test
    void createEndpoint_isReadAndListedInIdOrder_withItsSecret() {
        WebhookStore store = store();
        endpoint(store, "we_b");
        endpoint(store, "we_a");

        assertThat(store.endpoint("we_a")).hasValueSatisfying(e -> {
            assertThat(e.url()).isEqualTo(URI.create("https://hooks.example.com/we_a"));
            assertThat(e.enabled()).isTrue();
            assertThat(e.failingSince()).isNull();
        });
        assertThat(store.endpoints(null, 10)).extracting(WebhookEndpoint::id).containsExactly("we_a", "we_b");
        assertThat(store.endpoints("we_a", 10)).extracting(WebhookEndpoint::id).containsExactly("we_b");
        assertThat(store.secrets("we_a").orElseThrow().at(now())).containsExactly(secret("we_a"));
    }

    @Test
    void enqueue_makesAPendingDeliveryDueNow_claimedOnceWhileItsLeaseLasts() {
        WebhookStore store = store();
        endpoint(store, "we_1");
        WebhookDelivery delivery = store.enqueue("we_1", "ping", BODY, now());

        List<Claimed> first = store.claimDue("a", LEASE, 10, 10);
        List<Claimed> second = store.claimDue("b", LEASE, 10, 10);

        assertThat(delivery.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(delivery.messageId()).startsWith("msg_");
        assertThat(first).singleElement().satisfies(claimed -> {
            assertThat(claimed.delivery().id()).isEqualTo(delivery.id());
            assertThat(claimed.delivery().body()).isEqualTo(BODY);
            assertThat(claimed.endpoint().id()).isEqualTo("we_1");
        });
        assertThat(second).isEmpty();
    }

    @Test
    void recordAttempt_withANextTime_keepsItPending_andAStaleFenceRecordsNothing() {
        WebhookStore store = store();
        endpoint(store, "we_1");
        WebhookDelivery delivery = store.enqueue("we_1", "ping", BODY, now());
        Claimed claimed = store.claimDue("a", LEASE, 10, 10).getFirst();

        assertThat(store.recordAttempt(claimed, failed(503), DeliveryStatus.PENDING, now().minusSeconds(1))).isTrue();
        Claimed again = store.claimDue("b", LEASE, 10, 10).getFirst();

        assertThat(again.fence()).isGreaterThan(claimed.fence());
        assertThat(again.delivery().attempts()).isEqualTo(1);
        assertThat(again.delivery().lastStatusCode()).isEqualTo(503);
        assertThat(again.delivery().messageId()).isEqualTo(delivery.messageId());
        assertThat(store.recordAttempt(claimed, failed(500), DeliveryStatus.PENDING, now())).as("old fence")
                .isFalse();
        assertThat(store.attempts(delivery.id())).extracting(DeliveryAttempt::statusCode).containsExactly(503);
    }

    @Test
    void recordAttempt_ofA2xx_succeedsTheDelivery_andNothingIsDueAfterIt() {
        WebhookStore store = store();
        endpoint(store, "we_1");
        WebhookDelivery delivery = store.enqueue("we_1", "ping", BODY, now());
        Claimed claimed = store.claimDue("a", LEASE, 10, 10).getFirst();

        assertThat(store.recordAttempt(claimed, answered(204), DeliveryStatus.SUCCEEDED, null)).isTrue();

        assertThat(store.delivery(delivery.id())).hasValueSatisfying(d -> {
            assertThat(d.status()).isEqualTo(DeliveryStatus.SUCCEEDED);
            assertThat(d.nextAttemptAt()).isNull();
            assertThat(d.attempts()).isEqualTo(1);
            assertThat(d.lastStatusCode()).isEqualTo(204);
        });
        assertThat(store.claimDue("b", LEASE, 10, 10)).isEmpty();
        assertThat(store.untilNextDue()).isEmpty();
    }

    @Test
    void recordAttempt_startsTheEndpointsFailingSinceAtAFailure_andClearsItAtASuccess() {
        WebhookStore store = store();
        endpoint(store, "we_1");
        store.enqueue("we_1", "ping", BODY, now());
        Claimed claimed = store.claimDue("a", LEASE, 10, 10).getFirst();
        DeliveryAttempt failure = failed(500);
        store.recordAttempt(claimed, failure, DeliveryStatus.PENDING, now().minusSeconds(1));
        Instant failingSince = store.endpoint("we_1").orElseThrow().failingSince();

        Claimed again = store.claimDue("a", LEASE, 10, 10).getFirst();
        store.recordAttempt(again, answered(200), DeliveryStatus.SUCCEEDED, null);

        assertThat(failingSince).isEqualTo(failure.at());
        assertThat(again.endpoint().failingSince()).isEqualTo(failure.at());
        assertThat(store.endpoint("we_1").orElseThrow().failingSince()).isNull();
    }

    @Test
    void claimDue_keepsToTheLimitAndThePerEndpointBound() {
        WebhookStore store = store();
        endpoint(store, "we_a");
        endpoint(store, "we_b");
        for (int i = 0; i < 3; i++) {
            store.enqueue("we_a", "ping", BODY, now().minusSeconds(10 - i));
            store.enqueue("we_b", "ping", BODY, now().minusSeconds(10 - i));
        }

        List<Claimed> claimed = store.claimDue("a", LEASE, 3, 2);

        assertThat(claimed).hasSize(3);
        assertThat(claimed.stream().filter(c -> c.endpoint().id().equals("we_a")).count()).isLessThanOrEqualTo(2);
        assertThat(claimed.stream().filter(c -> c.endpoint().id().equals("we_b")).count()).isLessThanOrEqualTo(2);
    }

    @Test
    void claimDue_countsTheEndpointsDeliveriesStillLeased_againstThePerEndpointBound() {
        WebhookStore store = store();
        endpoint(store, "we_1");
        for (int i = 0; i < 3; i++) {
            store.enqueue("we_1", "ping", BODY, now().minusSeconds(10 - i));
        }

        assertThat(store.claimDue("a", LEASE, 10, 2)).hasSize(2);
        assertThat(store.claimDue("b", LEASE, 10, 2)).as("two are still being sent").isEmpty();
    }

    @Test
    void disableEndpoint_failsItsPendingDeliveries_andNoneIsClaimed() {
        WebhookStore store = store();
        endpoint(store, "we_1");
        WebhookDelivery delivery = store.enqueue("we_1", "ping", BODY, now());

        store.disableEndpoint("we_1", "gone", now());

        assertThat(store.endpoint("we_1")).hasValueSatisfying(e -> {
            assertThat(e.enabled()).isFalse();
            assertThat(e.disabledReason()).isEqualTo("gone");
        });
        assertThat(store.delivery(delivery.id()).orElseThrow().status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(store.claimDue("a", LEASE, 10, 10)).isEmpty();
    }

    @Test
    void rotateSecret_signsWithBothUntilTheOverlapEnds() {
        WebhookStore store = store();
        endpoint(store, "we_1");
        Secret next = Secret.of("whsec_bmV4dC1zZWNyZXQtb2Ytd2VfMS1mb3ItdGVzdHM=");

        assertThat(store.rotateSecret("we_1", next, now().plus(Duration.ofHours(24)))).isTrue();

        WebhookStore.SigningSecrets secrets = store.secrets("we_1").orElseThrow();
        assertThat(secrets.at(now())).containsExactly(next, secret("we_1"));
        assertThat(secrets.at(now().plus(Duration.ofHours(25)))).containsExactly(next);
        assertThat(store.rotateSecret("we_missing", next, now())).isFalse();
    }

    @Test
    void retryNow_makesAFailedDeliveryPendingAndDue() {
        WebhookStore store = store();
        endpoint(store, "we_1");
        WebhookDelivery delivery = store.enqueue("we_1", "ping", BODY, now());
        Claimed claimed = store.claimDue("a", LEASE, 10, 10).getFirst();
        store.recordAttempt(claimed, failed(500), DeliveryStatus.FAILED, null);

        assertThat(store.retryNow(delivery.id(), now())).isTrue();

        assertThat(store.delivery(delivery.id()).orElseThrow().status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(store.untilNextDue()).hasValue(Duration.ZERO);
        assertThat(store.claimDue("b", LEASE, 10, 10)).singleElement()
                .satisfies(c -> assertThat(c.delivery().attempts()).isEqualTo(1));
        assertThat(store.retryNow("wd_missing", now())).isFalse();
    }

    @Test
    void deliveries_areListedNewestFirst_byStatus_andPaged() {
        WebhookStore store = store();
        endpoint(store, "we_1");
        endpoint(store, "we_2");
        WebhookDelivery first = store.enqueue("we_1", "ping", BODY, now().minusSeconds(3));
        WebhookDelivery second = store.enqueue("we_1", "ping", BODY, now().minusSeconds(2));
        WebhookDelivery third = store.enqueue("we_1", "ping", BODY, now().minusSeconds(1));
        store.enqueue("we_2", "ping", BODY, now());
        Claimed claimed = store.claimDue("a", LEASE, 10, 10).stream()
                .filter(c -> c.delivery().id().equals(second.id())).findFirst().orElseThrow();
        store.recordAttempt(claimed, answered(200), DeliveryStatus.SUCCEEDED, null);

        assertThat(store.deliveries("we_1", null, null, 10)).extracting(WebhookDelivery::id)
                .containsExactly(third.id(), second.id(), first.id());
        assertThat(store.deliveries("we_1", null, third.id(), 1)).extracting(WebhookDelivery::id)
                .containsExactly(second.id());
        assertThat(store.deliveries("we_1", DeliveryStatus.SUCCEEDED, null, 10)).extracting(WebhookDelivery::id)
                .containsExactly(second.id());
        assertThat(store.attempts(second.id())).singleElement()
                .satisfies(a -> assertThat(a.statusCode()).isEqualTo(200));
    }

    @Test
    void deleteEndpoint_takesItsDeliveriesAndSecretsWithIt() {
        WebhookStore store = store();
        endpoint(store, "we_1");
        WebhookDelivery delivery = store.enqueue("we_1", "ping", BODY, now());

        assertThat(store.deleteEndpoint("we_1")).isTrue();

        assertThat(store.endpoint("we_1")).isEmpty();
        assertThat(store.secrets("we_1")).isEmpty();
        assertThat(store.delivery(delivery.id())).isEmpty();
        assertThat(store.claimDue("a", LEASE, 10, 10)).isEmpty();
        assertThat(store.deleteEndpoint("we_1")).isFalse();
    }

    private WebhookEndpoint endpoint(WebhookStore store, String id) {
        Instant now = now();
        return store.createEndpoint(new WebhookEndpoint(id, URI.create("https://hooks.example.com/" + id), null,
                Set.of(), true, null, null, now, now), secret(id));
    }

    private static Secret secret(String endpointId) {
        return Secret.of("whsec_" + Base64.getEncoder().encodeToString(
                ("secret-of-" + endpointId + "-for-tests").getBytes(StandardCharsets.UTF_8)));
    }

    private DeliveryAttempt failed(int status) {
        return new DeliveryAttempt(now().truncatedTo(ChronoUnit.MILLIS), status, null, Duration.ofMillis(12), "{\"error\":\"busy\"}");
    }

    private DeliveryAttempt answered(int status) {
        return new DeliveryAttempt(now().truncatedTo(ChronoUnit.MILLIS), status, null, Duration.ofMillis(8), null);
    }
}
