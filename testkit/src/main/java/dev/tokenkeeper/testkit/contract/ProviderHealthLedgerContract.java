package dev.tokenkeeper.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionLifecycle;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.connection.Transition;
import dev.tokenkeeper.core.health.ProviderEvent;
import dev.tokenkeeper.core.health.ProviderEventType;
import dev.tokenkeeper.core.health.ProviderHealth;
import dev.tokenkeeper.core.port.ConnectionStore;
import dev.tokenkeeper.core.port.ProviderHealthLedger;
import dev.tokenkeeper.core.refresh.FailureReason;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.token.TokenSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link ProviderHealthLedger} adapter must have; an adapter's test extends this class. */
public abstract class ProviderHealthLedgerContract {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Cause WIDE = Cause.CLIENT_CREDENTIALS_REJECTED;

    /** A ledger and the connection store whose connections it counts and schedules, sharing one backing state. */
    public record Fixture(ProviderHealthLedger ledger, ConnectionStore store) {}

    /** A fresh fixture for each test (providers are unique to each test, so adapters may share state). */
    protected abstract Fixture fixture();

    @Test
    void health_isOk_whenTheProviderWasNeverMarked() {
        assertThat(fixture().ledger().health(uniqueProvider())).isEqualTo(ProviderHealth.OK);
    }

    @Test
    void markMisconfigured_writesOneEvent_andLaterMarksChangeNothing() {
        Fixture fixture = fixture();
        String provider = uniqueProvider();
        misconfigured(fixture.store(), provider, "a");
        misconfigured(fixture.store(), provider, "b");

        ProviderEvent first = fixture.ledger().markMisconfigured(provider, WIDE, T0).orElseThrow();

        assertThat(fixture.ledger().markMisconfigured(provider, Cause.TOKEN_URL_WRONG, T0.plusSeconds(5))).isEmpty();
        assertThat(first.type()).isEqualTo(ProviderEventType.MISCONFIGURED);
        assertThat(first.cause()).isEqualTo(WIDE);
        assertThat(first.affectedConnections()).isEqualTo(2);
        assertThat(fixture.ledger().events(provider, 10)).containsExactly(first);
        assertThat(fixture.ledger().health(provider)).isEqualTo(ProviderHealth.misconfigured(WIDE, T0, 2));
    }

    @Test
    void markMisconfigured_marksOnce_whenManyMarkAtTheSameTime() throws Exception {
        Fixture fixture = fixture();
        String provider = uniqueProvider();
        int callers = 8;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> marks = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(callers)) {
            for (int i = 0; i < callers; i++) {
                marks.add(pool.submit(() -> {
                    start.await();
                    return fixture.ledger().markMisconfigured(provider, WIDE, T0).isPresent();
                }));
            }
            start.countDown();
            int marked = 0;
            for (Future<Boolean> mark : marks) {
                marked += mark.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(marked).isEqualTo(1);
        }
        assertThat(fixture.ledger().events(provider, 10)).hasSize(1);
    }

    @Test
    void health_countsTheMisconfiguredConnectionsLive_andOnlyThoseOfTheProvider() {
        Fixture fixture = fixture();
        String provider = uniqueProvider();
        misconfigured(fixture.store(), provider, "a");
        fixture.ledger().markMisconfigured(provider, WIDE, T0);
        misconfigured(fixture.store(), provider, "b");
        misconfigured(fixture.store(), uniqueProvider(), "c");
        active(fixture.store(), provider, "d");

        assertThat(fixture.ledger().health(provider).affectedConnections()).isEqualTo(2);
    }

    @Test
    void markRecoveredIfHealed_changesNothing_whileAConnectionIsStillMisconfigured() {
        Fixture fixture = fixture();
        String provider = uniqueProvider();
        misconfigured(fixture.store(), provider, "a");
        fixture.ledger().markMisconfigured(provider, WIDE, T0);

        assertThat(fixture.ledger().markRecoveredIfHealed(provider, T0.plusSeconds(60))).isEmpty();
        assertThat(fixture.ledger().health(provider).state()).isEqualTo(ProviderHealth.State.MISCONFIGURED);
        assertThat(fixture.ledger().events(provider, 10)).hasSize(1);
    }

    @Test
    void markRecoveredIfHealed_writesOneEvent_onceNoConnectionIsMisconfigured() {
        Fixture fixture = fixture();
        String provider = uniqueProvider();
        Connection broken = misconfigured(fixture.store(), provider, "a");
        ProviderEvent marked = fixture.ledger().markMisconfigured(provider, WIDE, T0).orElseThrow();
        reactivate(fixture.store(), broken);

        ProviderEvent recovered = fixture.ledger().markRecoveredIfHealed(provider, T0.plusSeconds(60)).orElseThrow();

        assertThat(fixture.ledger().markRecoveredIfHealed(provider, T0.plusSeconds(61))).isEmpty();
        assertThat(recovered.type()).isEqualTo(ProviderEventType.RECOVERED);
        assertThat(recovered.cause()).isEqualTo(WIDE);
        assertThat(recovered.affectedConnections()).isZero();
        assertThat(recovered.at()).isEqualTo(T0.plusSeconds(60));
        assertThat(recovered.seq()).isGreaterThan(marked.seq());
        assertThat(fixture.ledger().events(provider, 10)).containsExactly(marked, recovered);
        assertThat(fixture.ledger().health(provider)).isEqualTo(ProviderHealth.OK);
    }

    @Test
    void markRecoveredIfHealed_changesNothing_whenTheProviderIsNotMarked() {
        Fixture fixture = fixture();
        String provider = uniqueProvider();

        assertThat(fixture.ledger().markRecoveredIfHealed(provider, T0)).isEmpty();
        assertThat(fixture.ledger().events(provider, 10)).isEmpty();
    }

    @Test
    void markMisconfigured_marksAgain_afterARecovery() {
        Fixture fixture = fixture();
        String provider = uniqueProvider();
        fixture.ledger().markMisconfigured(provider, WIDE, T0);
        fixture.ledger().markRecoveredIfHealed(provider, T0.plusSeconds(1));

        assertThat(fixture.ledger().markMisconfigured(provider, Cause.TOKEN_URL_WRONG, T0.plusSeconds(2))).isPresent();
        assertThat(fixture.ledger().health(provider).cause()).isEqualTo(Cause.TOKEN_URL_WRONG);
        assertThat(fixture.ledger().events(provider, 2)).extracting(ProviderEvent::type)
                .containsExactly(ProviderEventType.RECOVERED, ProviderEventType.MISCONFIGURED);
    }

    @Test
    void scheduleReverification_staggersTheMisconfiguredConnectionsWithARefreshToken_inIdOrder() {
        Fixture fixture = fixture();
        String provider = uniqueProvider();
        Connection second = misconfigured(fixture.store(), provider, "b");
        Connection first = misconfigured(fixture.store(), provider, "a");
        Connection third = misconfigured(fixture.store(), provider, "c");
        Connection withoutRefreshToken = misconfigured(fixture.store(), provider, "d", tokens(null));
        Connection healthy = active(fixture.store(), provider, "e");
        Connection otherProvider = misconfigured(fixture.store(), uniqueProvider(), "f");
        Instant start = T0.plusSeconds(3600);
        Duration spacing = Duration.ofMillis(50);

        int scheduled = fixture.ledger().scheduleReverification(provider, false, start, spacing);

        assertThat(scheduled).isEqualTo(3);
        assertThat(nextRefresh(fixture, first)).isEqualTo(start);
        assertThat(nextRefresh(fixture, second)).isEqualTo(start.plus(spacing));
        assertThat(nextRefresh(fixture, third)).isEqualTo(start.plus(spacing.multipliedBy(2)));
        assertThat(fixture.store().find(first.id()).orElseThrow().generation()).isEqualTo(first.generation());
        assertThat(fixture.store().find(first.id()).orElseThrow().state()).isEqualTo(ConnectionState.MISCONFIGURED);
        assertThat(nextRefresh(fixture, withoutRefreshToken)).isNull();
        assertThat(nextRefresh(fixture, healthy)).isEqualTo(healthy.nextRefreshAt());
        assertThat(nextRefresh(fixture, otherProvider)).isNull();
    }

    @Test
    void scheduleReverification_schedulesThoseWithoutARefreshTokenToo_forAClientCredentialsProvider() {
        Fixture fixture = fixture();
        String provider = uniqueProvider();
        Connection machine = misconfigured(fixture.store(), provider, "a", tokens(null));
        Connection withRefreshToken = misconfigured(fixture.store(), provider, "b");
        Instant start = T0.plusSeconds(3600);
        Duration spacing = Duration.ofMillis(50);

        int scheduled = fixture.ledger().scheduleReverification(provider, true, start, spacing);

        assertThat(scheduled).isEqualTo(2);
        assertThat(nextRefresh(fixture, machine)).isEqualTo(start);
        assertThat(nextRefresh(fixture, withRefreshToken)).isEqualTo(start.plus(spacing));
    }

    @Test
    void scheduleReverification_schedulesNothing_whenNoConnectionIsMisconfigured() {
        Fixture fixture = fixture();
        String provider = uniqueProvider();
        active(fixture.store(), provider, "a");

        assertThat(fixture.ledger().scheduleReverification(provider, false, T0, Duration.ofMillis(50))).isZero();
        assertThat(fixture.ledger().scheduleReverification(provider, true, T0, Duration.ofMillis(50))).isZero();
    }

    @Test
    void events_keepsOnlyTheNewest_upToTheLimit() {
        Fixture fixture = fixture();
        String provider = uniqueProvider();
        for (int i = 0; i < 3; i++) {
            fixture.ledger().markMisconfigured(provider, WIDE, T0.plusSeconds(2L * i));
            fixture.ledger().markRecoveredIfHealed(provider, T0.plusSeconds(2L * i + 1));
        }

        List<ProviderEvent> newest = fixture.ledger().events(provider, 2);

        assertThat(newest).extracting(ProviderEvent::at).containsExactly(T0.plusSeconds(4), T0.plusSeconds(5));
    }

    private static Instant nextRefresh(Fixture fixture, Connection connection) {
        return fixture.store().find(connection.id()).orElseThrow().nextRefreshAt();
    }

    private static String uniqueProvider() {
        return "provider-" + UUID.randomUUID();
    }

    private static Connection active(ConnectionStore store, String provider, String tag) {
        return created(store, provider, tag, tokens("rt-" + tag));
    }

    private static Connection misconfigured(ConnectionStore store, String provider, String tag) {
        return misconfigured(store, provider, tag, tokens("rt-" + tag));
    }

    private static Connection misconfigured(ConnectionStore store, String provider, String tag, TokenSet tokens) {
        Connection before = created(store, provider, tag, tokens);
        Transition broken = ConnectionLifecycle.unrefreshable(before, ConnectionState.MISCONFIGURED,
                FailureReason.of("invalid_client", "the provider rejected the client", WIDE), T0.plusSeconds(1));
        assertThat(store.commit(broken, before.generation(), null)).isTrue();
        return broken.after();
    }

    private static void reactivate(ConnectionStore store, Connection broken) {
        Transition healed = ConnectionLifecycle.reconnected(broken, tokens("rt-new"), T0.plusSeconds(30),
                T0.plus(50, ChronoUnit.MINUTES));
        assertThat(store.commit(healed, broken.generation(), null)).isTrue();
    }

    private static Connection created(ConnectionStore store, String provider, String tag, TokenSet tokens) {
        // The id sorts by tag within the test: a shared prefix, then the tag.
        String id = provider + "-" + tag;
        Transition creation = ConnectionLifecycle.created(id, provider, tokens, Map.of(), T0,
                T0.plus(50, ChronoUnit.MINUTES));
        assertThat(store.create(creation)).isTrue();
        return creation.after();
    }

    private static TokenSet tokens(String refreshToken) {
        return new TokenSet(Secret.of("at-" + UUID.randomUUID()), Secret.ofNullable(refreshToken), "bearer", T0,
                T0.plus(1, ChronoUnit.HOURS), List.of("read"), Map.of());
    }
}
