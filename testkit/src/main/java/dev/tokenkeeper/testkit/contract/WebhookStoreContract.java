package dev.tokenkeeper.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.webhook.DeliveryAttempt;
import dev.tokenkeeper.core.webhook.DeliveryStatus;
import dev.tokenkeeper.core.webhook.WebhookDelivery;
import dev.tokenkeeper.core.webhook.WebhookEndpoint;
import dev.tokenkeeper.core.webhook.WebhookStore;
import dev.tokenkeeper.core.webhook.WebhookStore.Claimed;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link WebhookStore} adapter must have, through the port only; an adapter's test extends this
 * class. Due times are set in the past or far in the future, so the contract holds on a database clock too.
 */
public abstract class WebhookStoreContract {
    private static final Duration LEASE = Duration.ofMinutes(1);

    /** A fresh, empty store for each test. */
    protected abstract WebhookStore store();

    /** Now, as the store's clock sees it. */
    protected abstract Instant now();

    @Test
    void createEndpoint_keepsItsFieldsAndSecret_andListsEndpointsInIdOrderByPage() {
        WebhookStore store = store();
        store.createEndpoint(endpoint("we_b", Set.of("connection.needs_reauth")), Secret.of("whsec_b"));
        store.createEndpoint(endpoint("we_a", Set.of()), Secret.of("whsec_a"));
        store.createEndpoint(endpoint("we_c", Set.of()), Secret.of("whsec_c"));

        assertThat(store.endpoint("we_b")).hasValueSatisfying(found -> {
            assertThat(found.url()).isEqualTo(URI.create("https://hooks.example.com/we_b"));
            assertThat(found.events()).containsExactly("connection.needs_reauth");
            assertThat(found.description()).isEqualTo("for we_b");
            assertThat(found.enabled()).isTrue();
        });
        assertThat(store.secrets("we_b")).hasValueSatisfying(secrets ->
                assertThat(secrets.at(now())).extracting(Secret::reveal).containsExactly("whsec_b"));
        assertThat(store.endpoints(null, 2)).extracting(WebhookEndpoint::id).containsExactly("we_a", "we_b");
        assertThat(store.endpoints("we_b", 2)).extracting(WebhookEndpoint::id).containsExactly("we_c");
        assertThat(store.endpoint("we_missing")).isEmpty();
        assertThat(store.secrets("we_missing")).isEmpty();
    }

    @Test
    void rotateSecret_signsWithBothUntilThePreviousOneRunsOut() {
        WebhookStore store = store();
        store.createEndpoint(endpoint("we_rot", Set.of()), Secret.of("whsec_old"));
        Instant until = now().plus(Duration.ofHours(24));

        assertThat(store.rotateSecret("we_rot", Secret.of("whsec_new"), until)).isTrue();

        WebhookStore.SigningSecrets secrets = store.secrets("we_rot").orElseThrow();
        assertThat(secrets.at(now())).extracting(Secret::reveal).containsExactly("whsec_new", "whsec_old");
        assertThat(secrets.at(until.plusSeconds(1))).extracting(Secret::reveal).containsExactly("whsec_new");
        assertThat(store.rotateSecret("we_missing", Secret.of("whsec_x"), until)).isFalse();
    }

    @Test
    void updateEndpoint_changesItsFields_andDisablingFailsItsPendingDeliveries() {
        WebhookStore store = store();
        WebhookEndpoint created = store.createEndpoint(endpoint("we_upd", Set.of()), Secret.of("whsec_u"));
        store.enqueue("we_upd", "ping", "{}", now().minusSeconds(10));
        store.recordAttempt(store.claimDue("a", LEASE, 10, 10).getFirst(), new DeliveryAttempt(now(), 500, null,
                Duration.ofMillis(1), null), DeliveryStatus.FAILED, null);
        assertThat(store.endpoint("we_upd").orElseThrow().failingSince()).isNotNull();
        WebhookDelivery pending = store.enqueue("we_upd", "ping", "{\"type\":\"ping\"}", now().plusSeconds(60));

        WebhookEndpoint disabled = store.updateEndpoint(new WebhookEndpoint("we_upd",
                URI.create("https://other.example.com/hook"), "changed", Set.of("connection.deleted"), false, "user",
                null, created.createdAt(), now())).orElseThrow();

        assertThat(disabled.url()).isEqualTo(URI.create("https://other.example.com/hook"));
        assertThat(disabled.description()).isEqualTo("changed");
        assertThat(disabled.events()).containsExactly("connection.deleted");
        assertThat(disabled.enabled()).isFalse();
        assertThat(disabled.disabledReason()).isEqualTo("user");
        assertThat(store.delivery(pending.id()).orElseThrow().status()).isEqualTo(DeliveryStatus.FAILED);
        WebhookEndpoint enabled = store.updateEndpoint(new WebhookEndpoint("we_upd", disabled.url(), null,
                Set.of(), true, null, null, created.createdAt(), now())).orElseThrow();
        assertThat(enabled.enabled()).isTrue();
        assertThat(enabled.disabledReason()).isNull();
        assertThat(enabled.failingSince()).as("a clean record once enabled again").isNull();
        assertThat(store.updateEndpoint(endpoint("we_missing", Set.of()))).isEmpty();
    }

    @Test
    void deleteEndpoint_takesItsDeliveriesWithIt() {
        WebhookStore store = store();
        store.createEndpoint(endpoint("we_del", Set.of()), Secret.of("whsec_d"));
        WebhookDelivery delivery = store.enqueue("we_del", "ping", "{\"type\":\"ping\"}", now().minusSeconds(5));

        assertThat(store.deleteEndpoint("we_del")).isTrue();

        assertThat(store.endpoint("we_del")).isEmpty();
        assertThat(store.delivery(delivery.id())).isEmpty();
        assertThat(store.claimDue("a", LEASE, 10, 10)).isEmpty();
        assertThat(store.deleteEndpoint("we_del")).isFalse();
    }

    @Test
    void claimDue_handsOutADueDeliveryWithItsEndpoint_onceWhileItsLeaseLasts() {
        WebhookStore store = store();
        store.createEndpoint(endpoint("we_claim", Set.of()), Secret.of("whsec_c"));
        WebhookDelivery delivery = store.enqueue("we_claim", "ping", "{\"type\":\"ping\",\"data\":{}}",
                now().minusSeconds(5));

        List<Claimed> first = store.claimDue("a", LEASE, 10, 10);
        List<Claimed> second = store.claimDue("b", LEASE, 10, 10);

        assertThat(delivery.id()).startsWith("wd_");
        assertThat(delivery.messageId()).startsWith("msg_");
        assertThat(delivery.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(first).singleElement().satisfies(claimed -> {
            assertThat(claimed.delivery().id()).isEqualTo(delivery.id());
            assertThat(claimed.delivery().body()).isEqualTo("{\"type\":\"ping\",\"data\":{}}");
            assertThat(claimed.delivery().eventType()).isEqualTo("ping");
            assertThat(claimed.endpoint().id()).isEqualTo("we_claim");
        });
        assertThat(second).isEmpty();
    }

    @Test
    void claimDue_keepsToTheLimitAndThePerEndpointBound() {
        WebhookStore store = store();
        store.createEndpoint(endpoint("we_one", Set.of()), Secret.of("whsec_1"));
        store.createEndpoint(endpoint("we_two", Set.of()), Secret.of("whsec_2"));
        for (int i = 0; i < 3; i++) {
            store.enqueue("we_one", "ping", "{}", now().minusSeconds(10 - i));
            store.enqueue("we_two", "ping", "{}", now().minusSeconds(10 - i));
        }

        List<Claimed> claimed = store.claimDue("a", LEASE, 3, 2);

        assertThat(claimed).hasSize(3);
        assertThat(claimed.stream().filter(c -> c.endpoint().id().equals("we_one")).count()).isLessThanOrEqualTo(2);
        assertThat(claimed.stream().filter(c -> c.endpoint().id().equals("we_two")).count()).isLessThanOrEqualTo(2);
    }

    @Test
    void recordAttempt_keepsAFailedDeliveryPendingUntilItsNextAttempt_andAStaleFenceChangesNothing() {
        WebhookStore store = store();
        store.createEndpoint(endpoint("we_retry", Set.of()), Secret.of("whsec_r"));
        WebhookDelivery delivery = store.enqueue("we_retry", "ping", "{}", now().minusSeconds(5));
        Claimed claimed = store.claimDue("a", LEASE, 10, 10).getFirst();
        Claimed stale = new Claimed(claimed.delivery(), claimed.endpoint(), claimed.fence() + 1);
        DeliveryAttempt failed = new DeliveryAttempt(now(), 503, null, Duration.ofMillis(42), "busy");

        assertThat(store.recordAttempt(stale, failed, DeliveryStatus.PENDING, now().minusSeconds(1))).isFalse();
        assertThat(store.recordAttempt(claimed, failed, DeliveryStatus.PENDING, now().minusSeconds(1))).isTrue();
        Claimed again = store.claimDue("b", LEASE, 10, 10).getFirst();

        assertThat(again.fence()).isGreaterThan(claimed.fence());
        assertThat(again.delivery().attempts()).isEqualTo(1);
        assertThat(again.delivery().lastStatusCode()).isEqualTo(503);
        assertThat(again.delivery().messageId()).isEqualTo(delivery.messageId());
        assertThat(again.endpoint().failingSince()).isNotNull();
        assertThat(store.recordAttempt(claimed, failed, DeliveryStatus.PENDING, now())).as("old fence").isFalse();
        assertThat(store.attempts(delivery.id())).singleElement().satisfies(attempt -> {
            assertThat(attempt.statusCode()).isEqualTo(503);
            assertThat(attempt.duration()).isEqualTo(Duration.ofMillis(42));
        });
    }

    @Test
    void recordAttempt_endsADeliveredOne_listsItsAttemptsOldestFirst_andClearsFailingSince() {
        WebhookStore store = store();
        store.createEndpoint(endpoint("we_ok", Set.of()), Secret.of("whsec_o"));
        WebhookDelivery delivery = store.enqueue("we_ok", "ping", "{}", now().minusSeconds(5));
        Claimed first = store.claimDue("a", LEASE, 10, 10).getFirst();
        store.recordAttempt(first, new DeliveryAttempt(now().minusSeconds(2), null, "connection refused",
                Duration.ofMillis(5), null), DeliveryStatus.PENDING, now().minusSeconds(1));
        Instant failingSince = store.endpoint("we_ok").orElseThrow().failingSince();
        Claimed second = store.claimDue("a", LEASE, 10, 10).getFirst();

        assertThat(store.recordAttempt(second, new DeliveryAttempt(now(), 200, null, Duration.ofMillis(7), "ok"),
                DeliveryStatus.SUCCEEDED, null)).isTrue();

        WebhookDelivery done = store.delivery(delivery.id()).orElseThrow();
        assertThat(failingSince).isNotNull();
        assertThat(done.status()).isEqualTo(DeliveryStatus.SUCCEEDED);
        assertThat(done.attempts()).isEqualTo(2);
        assertThat(done.nextAttemptAt()).isNull();
        assertThat(store.attempts(delivery.id())).extracting(DeliveryAttempt::error)
                .containsExactly("connection refused", null);
        assertThat(store.endpoint("we_ok").orElseThrow().failingSince()).isNull();
        assertThat(store.claimDue("b", LEASE, 10, 10)).isEmpty();
        assertThat(store.untilNextDue()).isEmpty();
    }

    @Test
    void recordAttempt_givingUpFailsTheDelivery() {
        WebhookStore store = store();
        store.createEndpoint(endpoint("we_give", Set.of()), Secret.of("whsec_g"));
        WebhookDelivery delivery = store.enqueue("we_give", "ping", "{}", now().minusSeconds(5));
        Claimed claimed = store.claimDue("a", LEASE, 10, 10).getFirst();

        store.recordAttempt(claimed, new DeliveryAttempt(now(), 500, null, Duration.ofMillis(3), null),
                DeliveryStatus.FAILED, null);

        assertThat(store.delivery(delivery.id()).orElseThrow().status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(store.claimDue("b", LEASE, 10, 10)).isEmpty();
    }

    @Test
    void disableEndpoint_failsItsPendingDeliveries_andSaysWhy() {
        WebhookStore store = store();
        store.createEndpoint(endpoint("we_gone", Set.of()), Secret.of("whsec_g"));
        WebhookDelivery delivery = store.enqueue("we_gone", "ping", "{}", now().minusSeconds(5));

        store.disableEndpoint("we_gone", "gone", now());

        WebhookEndpoint disabled = store.endpoint("we_gone").orElseThrow();
        assertThat(disabled.enabled()).isFalse();
        assertThat(disabled.disabledReason()).isEqualTo("gone");
        assertThat(store.delivery(delivery.id()).orElseThrow().status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(store.claimDue("a", LEASE, 10, 10)).isEmpty();
    }

    @Test
    void deliveries_listsNewestFirst_byStatus_andByPage() {
        WebhookStore store = store();
        store.createEndpoint(endpoint("we_list", Set.of()), Secret.of("whsec_l"));
        store.createEndpoint(endpoint("we_other", Set.of()), Secret.of("whsec_o"));
        WebhookDelivery oldest = store.enqueue("we_list", "ping", "{}", now().minusSeconds(30));
        WebhookDelivery middle = store.enqueue("we_list", "ping", "{}", now().minusSeconds(20));
        WebhookDelivery newest = store.enqueue("we_list", "ping", "{}", now().minusSeconds(10));
        store.enqueue("we_other", "ping", "{}", now().minusSeconds(5));
        Claimed claimed = store.claimDue("a", LEASE, 10, 10).stream()
                .filter(c -> c.delivery().id().equals(middle.id())).findFirst().orElseThrow();
        store.recordAttempt(claimed, new DeliveryAttempt(now(), 204, null, Duration.ofMillis(1), null),
                DeliveryStatus.SUCCEEDED, null);

        assertThat(store.deliveries("we_list", null, null, 2)).extracting(WebhookDelivery::id)
                .containsExactly(newest.id(), middle.id());
        assertThat(store.deliveries("we_list", null, middle.id(), 2)).extracting(WebhookDelivery::id)
                .containsExactly(oldest.id());
        assertThat(store.deliveries("we_list", DeliveryStatus.SUCCEEDED, null, 10)).extracting(WebhookDelivery::id)
                .containsExactly(middle.id());
    }

    @Test
    void retryNow_makesAnEndedDeliveryPendingAndDue() {
        WebhookStore store = store();
        store.createEndpoint(endpoint("we_again", Set.of()), Secret.of("whsec_a"));
        WebhookDelivery delivery = store.enqueue("we_again", "ping", "{}", now().minusSeconds(5));
        Claimed claimed = store.claimDue("a", LEASE, 10, 10).getFirst();
        store.recordAttempt(claimed, new DeliveryAttempt(now(), 500, null, Duration.ofMillis(3), null),
                DeliveryStatus.FAILED, null);

        assertThat(store.retryNow(delivery.id(), now().minusSeconds(1))).isTrue();

        assertThat(store.delivery(delivery.id()).orElseThrow().status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(store.untilNextDue()).hasValue(Duration.ZERO);
        assertThat(store.claimDue("b", LEASE, 10, 10)).extracting(c -> c.delivery().id())
                .containsExactly(delivery.id());
        assertThat(store.retryNow("wd_missing", now())).isFalse();
    }

    @Test
    void untilNextDue_isTheWaitForTheEarliestPendingDelivery() {
        WebhookStore store = store();
        store.createEndpoint(endpoint("we_due", Set.of()), Secret.of("whsec_d"));
        assertThat(store.untilNextDue()).isEmpty();
        store.enqueue("we_due", "ping", "{}", now().plus(Duration.ofDays(1)));

        assertThat(store.untilNextDue()).hasValueSatisfying(wait ->
                assertThat(wait).isGreaterThan(Duration.ofHours(23)).isLessThanOrEqualTo(Duration.ofDays(1)));
        assertThat(store.claimDue("a", LEASE, 10, 10)).isEmpty();
    }

    @Test
    void claimDue_countsTheEndpointsDeliveriesStillLeased_againstThePerEndpointBound() {
        WebhookStore store = store();
        store.createEndpoint(endpoint("we_leased", Set.of()), Secret.of("whsec_l"));
        for (int i = 0; i < 3; i++) {
            store.enqueue("we_leased", "ping", "{}", now().minusSeconds(10 - i));
        }

        assertThat(store.claimDue("a", LEASE, 10, 2)).hasSize(2);
        assertThat(store.claimDue("b", LEASE, 10, 2)).as("two are still being sent").isEmpty();
    }

    @Test
    void recordAttempt_startsTheEndpointsFailingSinceAtAFailure_andClearsItAtASuccess() {
        WebhookStore store = store();
        store.createEndpoint(endpoint("we_failing", Set.of()), Secret.of("whsec_f"));
        store.enqueue("we_failing", "ping", "{}", now().minusSeconds(5));
        Claimed claimed = store.claimDue("a", LEASE, 10, 10).getFirst();
        DeliveryAttempt failure = new DeliveryAttempt(now().minusSeconds(4), 500, null, Duration.ofMillis(3), null);
        store.recordAttempt(claimed, failure, DeliveryStatus.PENDING, now().minusSeconds(1));
        Instant failingSince = store.endpoint("we_failing").orElseThrow().failingSince();

        Claimed again = store.claimDue("a", LEASE, 10, 10).getFirst();
        store.recordAttempt(again, new DeliveryAttempt(now(), 200, null, Duration.ofMillis(3), null),
                DeliveryStatus.SUCCEEDED, null);

        assertThat(failingSince).isNotNull();
        assertThat(again.endpoint().failingSince()).isEqualTo(failingSince);
        assertThat(store.endpoint("we_failing").orElseThrow().failingSince()).isNull();
    }

    @Test
    void disabling_endsTheLeasesOfItsPendingDeliveries_soAnAttemptInFlightRecordsNothingLate() {
        WebhookStore store = store();
        WebhookEndpoint created = store.createEndpoint(endpoint("we_flight", Set.of()), Secret.of("whsec_f"));
        WebhookDelivery delivery = store.enqueue("we_flight", "ping", "{}", now().minusSeconds(5));
        Claimed inFlight = store.claimDue("a", LEASE, 10, 10).getFirst();

        store.updateEndpoint(new WebhookEndpoint("we_flight", created.url(), null, Set.of(), false, "user", null,
                created.createdAt(), now()));
        store.updateEndpoint(new WebhookEndpoint("we_flight", created.url(), null, Set.of(), true, null, null,
                created.createdAt(), now()));

        assertThat(store.recordAttempt(inFlight, new DeliveryAttempt(now(), 503, null, Duration.ofMillis(1), null),
                DeliveryStatus.PENDING, now().minusSeconds(1))).isFalse();
        assertThat(store.delivery(delivery.id()).orElseThrow().status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(store.attempts(delivery.id())).isEmpty();
    }

    @Test
    void disabling_recordsWhenAndWhy_once_andEnablingAgainClearsBoth() {
        WebhookStore store = store();
        WebhookEndpoint created = store.createEndpoint(endpoint("we_when", Set.of()), Secret.of("whsec_w"));
        Instant before = now().minusSeconds(1);

        store.disableEndpoint("we_when", "gone", now());
        WebhookEndpoint gone = store.endpoint("we_when").orElseThrow();
        store.disableEndpoint("we_when", "failing", now().plusSeconds(30));
        WebhookEndpoint still = store.updateEndpoint(new WebhookEndpoint("we_when", created.url(), "paused",
                Set.of(), false, "user", null, null, created.createdAt(), now().plusSeconds(60))).orElseThrow();
        WebhookEndpoint enabled = store.updateEndpoint(new WebhookEndpoint("we_when", created.url(), null,
                Set.of(), true, null, null, null, created.createdAt(), now())).orElseThrow();
        WebhookEndpoint paused = store.updateEndpoint(new WebhookEndpoint("we_when", created.url(), null,
                Set.of(), false, "user", null, null, created.createdAt(), now())).orElseThrow();

        assertThat(created.disabledAt()).isNull();
        assertThat(gone.disabledReason()).isEqualTo("gone");
        assertThat(gone.disabledAt()).isAfter(before).isBeforeOrEqualTo(now());
        assertThat(still.disabledReason()).as("disabled already: the first reason stays").isEqualTo("gone");
        assertThat(still.disabledAt()).as("and its time").isEqualTo(gone.disabledAt());
        assertThat(enabled.disabledReason()).isNull();
        assertThat(enabled.disabledAt()).isNull();
        assertThat(paused.disabledReason()).isEqualTo("user");
        assertThat(paused.disabledAt()).isAfter(before);
    }

    @Test
    void resend_makesTheRangesFailedDeliveriesDue_keepingTheirMessageIds_andLeavesTheRestAlone() {
        WebhookStore store = store();
        store.createEndpoint(endpoint("we_rs", Set.of()), Secret.of("whsec_r"));
        store.createEndpoint(endpoint("we_rs_other", Set.of()), Secret.of("whsec_o"));
        WebhookDelivery tooOld = ended(store, "we_rs", 50, DeliveryStatus.FAILED);
        WebhookDelivery failed = ended(store, "we_rs", 40, DeliveryStatus.FAILED);
        WebhookDelivery succeeded = ended(store, "we_rs", 30, DeliveryStatus.SUCCEEDED);
        WebhookDelivery failedLater = ended(store, "we_rs", 20, DeliveryStatus.FAILED);
        WebhookDelivery tooNew = ended(store, "we_rs", 5, DeliveryStatus.FAILED);
        WebhookDelivery otherEndpoint = ended(store, "we_rs_other", 20, DeliveryStatus.FAILED);
        Instant from = failed.createdAt();
        Instant to = tooNew.createdAt();

        WebhookStore.Resent resent = store.resend("we_rs", from, to, false, 10, now());

        assertThat(resent.count()).isEqualTo(2);
        assertThat(resent.nextFrom()).isNull();
        assertThat(store.claimDue("a", LEASE, 10, 10))
                .extracting(c -> c.delivery().id(), c -> c.delivery().messageId())
                .containsExactlyInAnyOrder(tuple(failed.id(), failed.messageId()),
                        tuple(failedLater.id(), failedLater.messageId()));
        for (WebhookDelivery untouched : List.of(tooOld, tooNew, otherEndpoint)) {
            assertThat(store.delivery(untouched.id()).orElseThrow().status()).isEqualTo(DeliveryStatus.FAILED);
        }
        assertThat(store.delivery(succeeded.id()).orElseThrow().status()).isEqualTo(DeliveryStatus.SUCCEEDED);
        WebhookStore.Resent withSucceeded = store.resend("we_rs", from, to, true, 10, now());
        assertThat(withSucceeded.count()).as("the pending ones are left alone").isEqualTo(1);
        assertThat(store.delivery(succeeded.id()).orElseThrow().status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(store.resend("we_missing", from, to, true, 10, now()).count()).isZero();
    }

    @Test
    void resend_takesTheOldestFirst_upToItsLimit_andSaysWhereTheRestBegin() {
        WebhookStore store = store();
        store.createEndpoint(endpoint("we_lim", Set.of()), Secret.of("whsec_l"));
        WebhookDelivery first = ended(store, "we_lim", 30, DeliveryStatus.FAILED);
        WebhookDelivery second = ended(store, "we_lim", 20, DeliveryStatus.FAILED);
        WebhookDelivery third = ended(store, "we_lim", 10, DeliveryStatus.FAILED);

        WebhookStore.Resent resent = store.resend("we_lim", now().minusSeconds(60), now(), false, 2, now());

        assertThat(resent.count()).isEqualTo(2);
        assertThat(resent.nextFrom()).isEqualTo(third.createdAt());
        assertThat(store.delivery(first.id()).orElseThrow().status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(store.delivery(second.id()).orElseThrow().status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(store.delivery(third.id()).orElseThrow().status()).isEqualTo(DeliveryStatus.FAILED);
        WebhookStore.Resent rest = store.resend("we_lim", resent.nextFrom(), now(), false, 2, now());
        assertThat(rest.count()).isEqualTo(1);
        assertThat(rest.nextFrom()).isNull();
    }

    @Test
    void pruneEndedBefore_deletesOldEndedDeliveriesWithTheirAttempts_oldestFirst_andNeverAPendingOne() {
        WebhookStore store = store();
        store.createEndpoint(endpoint("we_prune", Set.of()), Secret.of("whsec_p"));
        WebhookDelivery oldest = ended(store, "we_prune", 50, DeliveryStatus.FAILED);
        WebhookDelivery old = ended(store, "we_prune", 40, DeliveryStatus.SUCCEEDED);
        WebhookDelivery third = ended(store, "we_prune", 30, DeliveryStatus.SUCCEEDED);
        WebhookDelivery pending = store.enqueue("we_prune", "ping", "{}", now().minusSeconds(45));
        WebhookDelivery recent = ended(store, "we_prune", 5, DeliveryStatus.FAILED);
        Instant cutoff = now().minusSeconds(20);

        assertThat(store.pruneEndedBefore(cutoff, 2)).isEqualTo(2);

        assertThat(store.delivery(oldest.id())).isEmpty();
        assertThat(store.delivery(old.id())).isEmpty();
        assertThat(store.attempts(oldest.id())).isEmpty();
        assertThat(store.delivery(third.id())).as("beyond the limit").isPresent();
        assertThat(store.pruneEndedBefore(cutoff, 10)).isEqualTo(1);
        assertThat(store.delivery(third.id())).isEmpty();
        assertThat(store.delivery(pending.id())).as("pending: never pruned").isPresent();
        assertThat(store.delivery(recent.id())).as("after the cutoff").isPresent();
        assertThat(store.pruneEndedBefore(cutoff, 10)).isZero();
    }

    /** A delivery made {@code secondsAgo} and ended with this status by one attempt. */
    private WebhookDelivery ended(WebhookStore store, String endpointId, int secondsAgo, DeliveryStatus status) {
        WebhookDelivery delivery = store.enqueue(endpointId, "ping", "{}", now().minusSeconds(secondsAgo));
        Claimed claimed = store.claimDue("ender", LEASE, 100, 100).stream()
                .filter(c -> c.delivery().id().equals(delivery.id())).findFirst().orElseThrow();
        store.recordAttempt(claimed, new DeliveryAttempt(now(), status == DeliveryStatus.SUCCEEDED ? 200 : 500, null,
                Duration.ofMillis(1), null), status, null);
        return store.delivery(delivery.id()).orElseThrow();
    }

    @Test
    void disableEndpoint_tellsTheOtherEndpointsThatReceiveIt_once() {
        WebhookStore store = store();
        store.createEndpoint(endpoint("we_watcher", Set.of()), Secret.of("whsec_w"));
        store.createEndpoint(endpoint("we_narrow", Set.of("connection.created")), Secret.of("whsec_n"));
        store.createEndpoint(endpoint("we_broken", Set.of()), Secret.of("whsec_b"));

        store.disableEndpoint("we_broken", "gone", now());
        store.disableEndpoint("we_broken", "failing", now());

        List<WebhookDelivery> told = store.deliveries("we_watcher", null, null, 10);
        assertThat(told).singleElement().satisfies(delivery -> {
            assertThat(delivery.eventType()).isEqualTo("webhook_endpoint.disabled");
            assertThat(delivery.body()).contains("we_broken", "gone").doesNotContain("hooks.example.com");
        });
        assertThat(store.deliveries("we_narrow", null, null, 10)).isEmpty();
        assertThat(store.deliveries("we_broken", null, null, 10)).isEmpty();
    }

    private WebhookEndpoint endpoint(String id, Set<String> events) {
        return new WebhookEndpoint(id, URI.create("https://hooks.example.com/" + id), "for " + id, events, true,
                null, null, now(), now());
    }
}
