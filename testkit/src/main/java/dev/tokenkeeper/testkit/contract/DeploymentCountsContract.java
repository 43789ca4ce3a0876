package dev.tokenkeeper.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.action.ActionState;
import dev.tokenkeeper.core.action.ActionStore;
import dev.tokenkeeper.core.action.NewAction;
import dev.tokenkeeper.core.connection.ConnectionEvent;
import dev.tokenkeeper.core.connection.ConnectionLifecycle;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.port.ConnectionStore;
import dev.tokenkeeper.core.port.DeploymentCounts;
import dev.tokenkeeper.core.refresh.FailureClass;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.token.TokenSet;
import dev.tokenkeeper.core.webhook.WebhookEndpoint;
import dev.tokenkeeper.core.webhook.WebhookStore;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link DeploymentCounts} adapter must have, over the stores it counts. Ages are asserted from
 * below only (a database clock moves on while the test runs).
 */
public abstract class DeploymentCountsContract {

    /** Fresh, empty stores and the counts over them, for each test; the accessors below answer the same stores. */
    protected abstract DeploymentCounts counts();

    protected abstract ConnectionStore connections();

    protected abstract WebhookStore webhooks();

    protected abstract ActionStore actions();

    /** Now, to the microsecond (what PostgreSQL keeps). */
    protected abstract Instant now();

    @Test
    void connections_countsByState_andMeasuresTheMostOverdueRefresh() {
        DeploymentCounts counts = counts();
        assertThat(counts.connections().byState()).isEmpty();
        assertThat(counts.connections().dueLagSeconds()).isZero();
        connection("c_overdue", "rt", now().minus(Duration.ofHours(1)));
        connection("c_later", "rt", now().plus(Duration.ofHours(1)));
        connection("c_no_refresh_token", null, now().minus(Duration.ofHours(5)));

        DeploymentCounts.ConnectionCounts found = counts.connections();

        assertThat(found.byState()).containsExactlyEntriesOf(Map.of(ConnectionState.ACTIVE, 3L));
        assertThat(found.dueLagSeconds()).isBetween(3600.0, 5 * 3600.0 - 1);
    }

    @Test
    void connections_countsEachProviderByState() {
        DeploymentCounts counts = counts();
        connection("c_a1", "fake", "rt", now().plus(Duration.ofHours(1)));
        connection("c_a2", "fake", "rt", now().plus(Duration.ofHours(1)));
        connection("c_b1", "other", "rt", now().plus(Duration.ofHours(1)));

        DeploymentCounts.ConnectionCounts found = counts.connections();

        assertThat(found.byProvider()).containsOnlyKeys("fake", "other");
        assertThat(found.byProvider().get("fake")).containsExactlyEntriesOf(Map.of(ConnectionState.ACTIVE, 2L));
        assertThat(found.byProvider().get("other")).containsExactlyEntriesOf(Map.of(ConnectionState.ACTIVE, 1L));
        assertThat(found.byState()).containsExactlyEntriesOf(Map.of(ConnectionState.ACTIVE, 3L));
    }

    @Test
    void refreshesSince_countsTheAttemptsAtOrAfterTheTime_byOutcome() {
        DeploymentCounts counts = counts();
        Instant since = now().minus(Duration.ofHours(1));
        assertThat(counts.refreshesSince(since)).isEqualTo(new DeploymentCounts.RefreshOutcomes(0, Map.of()));
        connection("c1", "fake", "rt", now().plus(Duration.ofHours(1)));
        connection("c2", "other", "rt", now().plus(Duration.ofHours(1)));
        connections().record(List.of(
                attempt("c1", since.minusSeconds(1), null, "refreshed"),
                attempt("c1", since, null, "refreshed"),
                attempt("c1", now(), FailureClass.RETRYABLE, "provider_unavailable"),
                attempt("c2", now(), null, "refreshed"),
                attempt("c2", now(), FailureClass.NEEDS_REAUTH, "invalid_grant"),
                attempt("c2", now(), FailureClass.NEEDS_REAUTH, "invalid_grant")));

        DeploymentCounts.RefreshOutcomes found = counts.refreshesSince(since);

        assertThat(found.refreshed()).isEqualTo(2);
        assertThat(found.failed()).containsExactlyInAnyOrderEntriesOf(
                Map.of(FailureClass.RETRYABLE, 1L, FailureClass.NEEDS_REAUTH, 2L));
        assertThat(found.total()).isEqualTo(5);
    }

    @Test
    void webhookBacklog_countsThePendingDeliveries_andTheAgeOfTheOldest() {
        DeploymentCounts counts = counts();
        assertThat(counts.webhookBacklog()).isEqualTo(new DeploymentCounts.WebhookBacklog(0, 0));
        webhooks().createEndpoint(new WebhookEndpoint("we_1", URI.create("https://hooks.example.com/1"), null,
                Set.of(), true, null, null, now(), now()), Secret.of("whsec_c2VjcmV0LWZvci10ZXN0cw=="));
        webhooks().enqueue("we_1", "ping", "{}", now().minusSeconds(600));
        webhooks().enqueue("we_1", "ping", "{}", now().minusSeconds(60));

        DeploymentCounts.WebhookBacklog backlog = counts.webhookBacklog();

        assertThat(backlog.pending()).isEqualTo(2);
        assertThat(backlog.oldestPendingSeconds()).isGreaterThanOrEqualTo(600.0);
    }

    @Test
    void actionsByState_countsEachState() {
        DeploymentCounts counts = counts();
        connection("c1", "rt", now().plus(Duration.ofHours(1)));
        for (String id : List.of("act_1", "act_2", "act_3")) {
            actions().create(new NewAction(id, "c1", ActionStoreContract.request(id), null, now(),
                    now().plus(Duration.ofHours(1))));
        }
        actions().cancel("act_3", now());

        assertThat(counts.actionsByState()).containsExactlyInAnyOrderEntriesOf(
                Map.of(ActionState.QUEUED, 2L, ActionState.CANCELLED, 1L));
    }

    private void connection(String id, String refreshToken, Instant nextRefreshAt) {
        connection(id, "fake", refreshToken, nextRefreshAt);
    }

    private static ConnectionEvent attempt(String connectionId, Instant at, FailureClass outcome, String code) {
        return new ConnectionEvent.RefreshAttempted(connectionId, at, Duration.ofMillis(12),
                "https://provider.example/token", "refresh_token", "client", outcome == null ? 200 : 400, outcome,
                code, "{}", List.of(), 1);
    }

    private void connection(String id, String provider, String refreshToken, Instant nextRefreshAt) {
        Instant now = now();
        TokenSet tokens = new TokenSet(Secret.of("at-" + id), refreshToken == null ? null : Secret.of(refreshToken),
                "Bearer", now, now.plus(Duration.ofHours(1)), List.of(), Map.of());
        assertThat(connections().create(ConnectionLifecycle.created(id, provider, tokens, Map.of(), now,
                nextRefreshAt))).isTrue();
    }
}
