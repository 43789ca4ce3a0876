package dev.tokenkeeper.server.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.port.PendingRevocations;
import dev.tokenkeeper.core.port.TokenEndpoint;
import dev.tokenkeeper.core.port.TokenEndpointReply;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.testkit.clock.SettableClock;
import dev.tokenkeeper.memory.InMemoryPendingRevocations;
import dev.tokenkeeper.memory.InMemoryProviderDirectory;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RevocationWorkerTest {
    private final SettableClock clock = new SettableClock(
            java.time.InstantSource.fixed(Instant.parse("2026-03-01T10:00:00Z")));
    private final InMemoryPendingRevocations pending = new InMemoryPendingRevocations(clock);
    private final InMemoryProviderDirectory providers = new InMemoryProviderDirectory();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile int status = 503;
    private final TokenEndpoint endpoint = (request, deadline) -> {
        calls.incrementAndGet();
        return new TokenEndpointReply.HttpReply(status, Map.of(), "", clock.instant(), Duration.ZERO);
    };
    private final RevocationWorker worker = new RevocationWorker(pending, providers,
            new Revocation(endpoint, Duration.ofSeconds(1)), clock, "test");

    @Test
    void backoff_doublesFromThirtySeconds_upToAnHour() {
        assertThat(List.of(1, 2, 3, 7, 8, 100).stream().map(RevocationWorker::backoff)).containsExactly(
                Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofMinutes(32),
                Duration.ofHours(1), Duration.ofHours(1));
    }

    @Test
    void runDue_retriesWithBackoff_thenGivesUp_atTheGiveUpTime() {
        providers.put(provider());
        pending.add(revocation(clock.instant()));

        assertThat(worker.runDue()).isEqualTo(1);
        assertThat(pending.untilNextDue()).contains(Duration.ofSeconds(30));
        assertThat(worker.runDue()).as("nothing is due before the backoff").isZero();

        int attempts = 1;
        while (pending.untilNextDue().isPresent() && attempts < 200) {
            clock.advance(pending.untilNextDue().get());
            attempts += worker.runDue();
        }

        assertThat(pending.untilNextDue()).as("given up and removed").isEmpty();
        assertThat(calls.get()).isEqualTo(attempts).isBetween(70, 80);
    }

    @Test
    void runDue_finishesTheRevocation_whenTheProviderRevokes_andCallsItNoMore() {
        providers.put(provider());
        pending.add(revocation(clock.instant()));
        status = 200;

        assertThat(worker.runDue()).isEqualTo(1);
        clock.advance(Duration.ofDays(1));

        assertThat(worker.runDue()).isZero();
        assertThat(calls.get()).isEqualTo(1);
        assertThat(pending.untilNextDue()).isEmpty();
    }

    @Test
    void runDue_givesUpWithoutACall_whenTheProviderHasNoRevocationUrlAnymore() {
        providers.put(ProviderConfig.builder("acme").tokenUrl(URI.create("https://acme.example/token"))
                .clientId("client").build());
        pending.add(revocation(clock.instant()));

        assertThat(worker.runDue()).isEqualTo(1);

        assertThat(calls.get()).isZero();
        assertThat(pending.untilNextDue()).isEmpty();
    }

    private static ProviderConfig provider() {
        return ProviderConfig.builder("acme").tokenUrl(URI.create("https://acme.example/token"))
                .revocationUrl(URI.create("https://acme.example/revoke")).clientId("client")
                .clientSecret(Secret.of("secret")).build();
    }

    private static PendingRevocations.Revocation revocation(Instant now) {
        return new PendingRevocations.Revocation("rv_1", "acme", "conn-1", Secret.of("refresh-token"),
                "refresh_token", now, now, now.plus(RevocationWorker.GIVE_UP_AFTER), 0, null);
    }
}
