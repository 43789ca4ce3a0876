package dev.tokenkeeper.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.action.ActionStore;
import dev.tokenkeeper.core.connection.ConnectionLifecycle;
import dev.tokenkeeper.core.port.ConnectionStore;
import dev.tokenkeeper.core.port.DeploymentCounts;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.token.TokenSet;
import dev.tokenkeeper.core.webhook.WebhookStore;
import dev.tokenkeeper.testkit.clock.SettableClock;
import dev.tokenkeeper.testkit.contract.DeploymentCountsContract;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InMemoryDeploymentCountsTest extends DeploymentCountsContract {
    private final SettableClock clock = new SettableClock(InstantSource.fixed(Instant.parse("2026-03-01T10:00:00Z")));
    private final InMemoryRefreshLease leases = new InMemoryRefreshLease(clock);
    private final InMemoryConnectionStore connections = new InMemoryConnectionStore(leases);
    private final InMemoryWebhookStore webhooks = new InMemoryWebhookStore(clock);
    private final InMemoryActionStore actions = new InMemoryActionStore(clock, connections);

    @Override
    protected DeploymentCounts counts() {
        return new InMemoryDeploymentCounts(connections, leases, webhooks, actions, clock);
    }

    @Override
    protected ConnectionStore connections() {
        return connections;
    }

    @Override
    protected WebhookStore webhooks() {
        return webhooks;
    }

    @Override
    protected ActionStore actions() {
        return actions;
    }

    @Override
    protected Instant now() {
        return clock.instant();
    }

    @Test
    void connections_leavesOutTheLag_ofARefreshUnderALiveLease() {
        Instant due = now().minus(Duration.ofHours(1));
        TokenSet tokens = new TokenSet(Secret.of("at"), Secret.of("rt"), "Bearer", now(), now().plusSeconds(60),
                List.of(), Map.of());
        connections.create(ConnectionLifecycle.created("c1", "fake", tokens, Map.of(), now(), due));
        leases.tryAcquire("c1", "a", Duration.ofMinutes(1)).orElseThrow();

        assertThat(counts().connections().dueLagSeconds()).isZero();
        clock.advance(Duration.ofMinutes(2));
        assertThat(counts().connections().dueLagSeconds()).isEqualTo(3720.0);
    }
}
