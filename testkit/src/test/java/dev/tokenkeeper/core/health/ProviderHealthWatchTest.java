package dev.tokenkeeper.core.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionLifecycle;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.connection.Transition;
import dev.tokenkeeper.core.refresh.FailureReason;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.token.TokenSet;
import dev.tokenkeeper.testkit.clock.SettableClock;
import dev.tokenkeeper.memory.InMemoryConnectionStore;
import dev.tokenkeeper.memory.InMemoryProviderHealthLedger;
import dev.tokenkeeper.memory.InMemoryRefreshLease;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderHealthWatchTest {
    private static final String PROVIDER = "acme";
    private static final Duration SPACING = Duration.ofMillis(50);

    private final SettableClock clock =
            new SettableClock(InstantSource.fixed(Instant.parse("2026-01-01T00:00:00Z")));
    private final InMemoryConnectionStore connections =
            new InMemoryConnectionStore(new InMemoryRefreshLease(clock));
    private final InMemoryProviderHealthLedger ledger = new InMemoryProviderHealthLedger(connections);
    private final ProviderHealthWatch watch = new ProviderHealthWatch(connections, ledger, clock, SPACING);

    @Test
    void commit_marksTheProviderOnce_whenManyConnectionsTurnMisconfiguredForAProviderWideCause() {
        for (String id : List.of("c1", "c2", "c3")) {
            misconfigure(created(id), Cause.CLIENT_CREDENTIALS_REJECTED);
        }

        assertThat(ledger.events(PROVIDER, 10)).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(ProviderEventType.MISCONFIGURED);
            assertThat(event.cause()).isEqualTo(Cause.CLIENT_CREDENTIALS_REJECTED);
        });
        ProviderHealth health = watch.health(PROVIDER);
        assertThat(health.state()).isEqualTo(ProviderHealth.State.MISCONFIGURED);
        assertThat(health.affectedConnections()).isEqualTo(3);
    }

    @Test
    void commit_leavesTheProviderOk_whenAConnectionIsMisconfiguredForACauseThatIsNotProviderWide() {
        assertThat(Cause.NO_REFRESH_TOKEN.providerWide()).isFalse();

        misconfigure(created("c1"), Cause.NO_REFRESH_TOKEN);

        assertThat(watch.health(PROVIDER)).isEqualTo(ProviderHealth.OK);
        assertThat(ledger.events(PROVIDER, 10)).isEmpty();
    }

    @Test
    void commit_recoversTheProvider_onlyWhenItsLastMisconfiguredConnectionIsReactivated() {
        Connection first = misconfigure(created("c1"), Cause.TOKEN_URL_WRONG);
        Connection second = misconfigure(created("c2"), Cause.TOKEN_URL_WRONG);

        reactivate(first);
        assertThat(watch.health(PROVIDER).state()).isEqualTo(ProviderHealth.State.MISCONFIGURED);
        reactivate(second);

        assertThat(watch.health(PROVIDER)).isEqualTo(ProviderHealth.OK);
        assertThat(ledger.events(PROVIDER, 10)).extracting(ProviderEvent::type)
                .containsExactly(ProviderEventType.MISCONFIGURED, ProviderEventType.RECOVERED);
    }

    @Test
    void delete_recoversTheProvider_whenItsLastMisconfiguredConnectionIsDeleted() {
        Connection broken = misconfigure(created("c1"), Cause.CLIENT_CREDENTIALS_REJECTED);

        watch.delete(broken.id());

        assertThat(watch.health(PROVIDER)).isEqualTo(ProviderHealth.OK);
        assertThat(ledger.events(PROVIDER, 10)).extracting(ProviderEvent::type)
                .containsExactly(ProviderEventType.MISCONFIGURED, ProviderEventType.RECOVERED);
    }

    @Test
    void reverify_schedulesTheMisconfiguredConnections_spacedFromNow() {
        Connection first = misconfigure(created("c1"), Cause.CLIENT_CREDENTIALS_REJECTED);
        Connection second = misconfigure(created("c2"), Cause.CLIENT_CREDENTIALS_REJECTED);
        created("c3");
        Instant now = clock.instant();

        assertThat(watch.reverify(PROVIDER)).isEqualTo(2);

        assertThat(connections.find(first.id()).orElseThrow().nextRefreshAt()).isEqualTo(now);
        assertThat(connections.find(second.id()).orElseThrow().nextRefreshAt()).isEqualTo(now.plus(SPACING));
    }

    private Connection created(String id) {
        Instant now = clock.instant();
        TokenSet tokens = new TokenSet(Secret.of("at-" + id), Secret.of("rt-" + id), "bearer", now,
                now.plusSeconds(3600), List.of(), Map.of());
        Transition creation = ConnectionLifecycle.created(id, PROVIDER, tokens, Map.of(), now, now.plusSeconds(3000));
        assertThat(watch.create(creation)).isTrue();
        return creation.after();
    }

    private Connection misconfigure(Connection before, Cause cause) {
        Transition broken = ConnectionLifecycle.unrefreshable(before, ConnectionState.MISCONFIGURED,
                FailureReason.of("some_code", "the provider config is wrong", cause), clock.instant());
        assertThat(watch.commit(broken, before.generation(), null)).isTrue();
        return broken.after();
    }

    private void reactivate(Connection broken) {
        Instant now = clock.instant();
        TokenSet tokens = new TokenSet(Secret.of("at-new"), Secret.of("rt-new"), "bearer", now, now.plusSeconds(3600),
                List.of(), Map.of());
        Transition healed = ConnectionLifecycle.reconnected(broken, tokens, now, now.plusSeconds(3000));
        assertThat(watch.commit(healed, broken.generation(), null)).isTrue();
    }
}
