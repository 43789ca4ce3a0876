package dev.tokenkeeper.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.webhook.DeliveryAttempt;
import dev.tokenkeeper.core.webhook.DeliveryStatus;
import dev.tokenkeeper.core.webhook.WebhookEndpoint;
import dev.tokenkeeper.core.webhook.WebhookStore;
import dev.tokenkeeper.core.webhook.WebhookStore.Claimed;
import dev.tokenkeeper.testkit.clock.SettableClock;
import dev.tokenkeeper.testkit.contract.WebhookStoreContract;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InMemoryWebhookStoreTest extends WebhookStoreContract {
    private final SettableClock clock = new SettableClock(InstantSource.fixed(Instant.parse("2026-03-01T10:00:00Z")));
    private final InMemoryWebhookStore store = new InMemoryWebhookStore(clock);

    @Override
    protected WebhookStore store() {
        return store;
    }

    @Override
    protected Instant now() {
        return clock.instant();
    }

    @Test
    void claimDue_takesOverALeaseThatRanOut_withAGreaterFence_andTheOldHolderRecordsNothing() {
        endpoint("we_1");
        store.enqueue("we_1", "ping", "{}", now());
        Claimed first = store.claimDue("a", Duration.ofMinutes(1), 10, 10).getFirst();

        clock.advance(Duration.ofMinutes(2));
        Claimed second = store.claimDue("b", Duration.ofMinutes(1), 10, 10).getFirst();

        assertThat(second.fence()).isGreaterThan(first.fence());
        assertThat(store.recordAttempt(first, attempt(), DeliveryStatus.SUCCEEDED, null)).isFalse();
        assertThat(store.recordAttempt(second, attempt(), DeliveryStatus.SUCCEEDED, null)).isTrue();
    }

    @Test
    void claimDue_freesThePerEndpointBound_whenLeasesRunOut() {
        endpoint("we_1");
        for (int i = 0; i < 3; i++) {
            store.enqueue("we_1", "ping", "{}", now());
        }

        assertThat(store.claimDue("a", Duration.ofMinutes(1), 10, 2)).hasSize(2);
        assertThat(store.claimDue("b", Duration.ofMinutes(1), 10, 2)).isEmpty();
        clock.advance(Duration.ofMinutes(2));
        assertThat(store.claimDue("b", Duration.ofMinutes(1), 10, 2)).hasSize(2);
    }

    @Test
    void updateEndpoint_disablingIt_failsItsPendingDeliveries_andEnablingItAgainClearsTheReason() {
        WebhookEndpoint endpoint = endpoint("we_1");
        String pending = store.enqueue("we_1", "ping", "{}", now()).id();

        WebhookEndpoint disabled = store.updateEndpoint(new WebhookEndpoint("we_1", endpoint.url(), "paused",
                Set.of(), false, null, null, endpoint.createdAt(), now())).orElseThrow();
        WebhookEndpoint enabled = store.updateEndpoint(new WebhookEndpoint("we_1", endpoint.url(), "back",
                Set.of(), true, null, null, endpoint.createdAt(), now())).orElseThrow();

        assertThat(disabled.disabledReason()).isEqualTo("user");
        assertThat(store.delivery(pending).orElseThrow().status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(enabled.enabled()).isTrue();
        assertThat(enabled.disabledReason()).isNull();
    }

    private WebhookEndpoint endpoint(String id) {
        return store.createEndpoint(new WebhookEndpoint(id, URI.create("https://hooks.example.com/" + id), null,
                Set.of(), true, null, null, now(), now()), Secret.of("whsec_c2VjcmV0LWZvci10ZXN0cw=="));
    }

    private DeliveryAttempt attempt() {
        return new DeliveryAttempt(now(), 200, null, Duration.ofMillis(5), null);
    }
}
