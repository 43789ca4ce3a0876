package dev.tokenkeeper.bench.jmh;

import dev.tokenkeeper.core.connection.ConnectionLifecycle;
import dev.tokenkeeper.core.port.TokenEndpointReply;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.refresh.RefreshEngine;
import dev.tokenkeeper.core.refresh.RefreshSettings;
import dev.tokenkeeper.core.refresh.TokenAnswer;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.token.TokenSet;
import dev.tokenkeeper.memory.InMemoryConnectionStore;
import dev.tokenkeeper.memory.InMemoryProviderDirectory;
import dev.tokenkeeper.memory.InMemoryRefreshLease;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A hit in the STALE window: every token is usable but due for refresh, and the provider never answers, so the
 * refreshes ahead stay in flight (at most {@code 16} at once) and every caller is answered from the store without
 * waiting. Compare with {@link HitBenchmark#engineHit}: the difference is the refresh-ahead check.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class StaleHitBenchmark {
    @Param("1000")
    int connections;

    private final InstantSource clock = InstantSource.system();
    private final CountDownLatch providerAnswers = new CountDownLatch(1);
    private String[] ids;
    private RefreshEngine engine;

    @Setup
    public void setUp() {
        InMemoryRefreshLease leases = new InMemoryRefreshLease(clock);
        InMemoryConnectionStore store = new InMemoryConnectionStore(leases);
        InMemoryProviderDirectory providers = new InMemoryProviderDirectory().put(ProviderConfig.builder("bench")
                .tokenUrl(URI.create("https://auth.bench.test/token")).clientId("client-1").build());
        Instant now = clock.instant();
        ids = new String[connections];
        for (int i = 0; i < connections; i++) {
            ids[i] = "stale-" + i;
            TokenSet tokens = new TokenSet(Secret.of("access-" + i), Secret.of("refresh-" + i), "Bearer",
                    now.minus(Duration.ofMinutes(50)), now.plus(Duration.ofMinutes(10)), List.of(), Map.of());
            store.create(ConnectionLifecycle.created(ids[i], "bench", tokens, Map.of(), now, now));
        }
        engine = new RefreshEngine(store, leases, providers, (request, deadline) -> {
            awaitQuietly();
            return new TokenEndpointReply.TransportFailure(TokenEndpointReply.Kind.TIMEOUT, "benchmark ended",
                    clock.instant(), Duration.ZERO, "auth.bench.test:443");
        }, clock, RefreshSettings.defaults("bench"), new Random(1));
    }

    @TearDown(Level.Trial)
    public void letTheProviderAnswer() {
        providerAnswers.countDown();
    }

    /** The library's answer to a caller whose token is due for refresh while the refresh is held. */
    @Benchmark
    public TokenAnswer engineStaleHit(HitBenchmark.Cursor cursor) {
        return engine.freshToken(cursor.id(ids));
    }

    private void awaitQuietly() {
        try {
            providerAnswers.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
