package dev.tokenkeeper.bench.jmh;

import dev.tokenkeeper.core.connection.ConnectionLifecycle;
import dev.tokenkeeper.core.refresh.RefreshEngine;
import dev.tokenkeeper.core.refresh.RefreshSettings;
import dev.tokenkeeper.core.refresh.TokenAnswer;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.token.TokenSet;
import dev.tokenkeeper.memory.InMemoryConnectionStore;
import dev.tokenkeeper.memory.InMemoryProviderDirectory;
import dev.tokenkeeper.memory.InMemoryRefreshLease;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A cache hit: {@link RefreshEngine#freshToken} of a fresh token over the in-memory store, against the ideal cache's
 * hit, a bare {@link ConcurrentHashMap#get} and a comparison of longs, over the same keys in the same order.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class HitBenchmark {
    private static final long BUFFER_MILLIS = Duration.ofSeconds(30).toMillis();

    @Param("1000")
    int connections;

    private final InstantSource clock = InstantSource.system();
    private final ConcurrentHashMap<String, IdealEntry> ideal = new ConcurrentHashMap<>();
    private String[] ids;
    private RefreshEngine engine;

    /** What the ideal cache keeps per connection: the token and its expiry in epoch milliseconds. */
    record IdealEntry(Secret accessToken, long expiresAtMillis) {
    }

    /** Each benchmark thread's place in the key order. */
    @State(Scope.Thread)
    public static class Cursor {
        private int next;

        String id(String[] ids) {
            next = next + 1 == ids.length ? 0 : next + 1;
            return ids[next];
        }
    }

    @Setup
    public void setUp() {
        InMemoryRefreshLease leases = new InMemoryRefreshLease(clock);
        InMemoryConnectionStore store = new InMemoryConnectionStore(leases);
        Instant now = clock.instant();
        ids = new String[connections];
        for (int i = 0; i < connections; i++) {
            ids[i] = "conn-" + i;
            TokenSet tokens = new TokenSet(Secret.of("access-" + i), Secret.of("refresh-" + i), "Bearer", now,
                    now.plus(Duration.ofHours(1)), List.of("read"), Map.of());
            store.create(ConnectionLifecycle.created(ids[i], "bench", tokens, Map.of(), now,
                    now.plus(Duration.ofMinutes(50))));
            ideal.put(ids[i], new IdealEntry(tokens.accessToken(), tokens.expiresAt().toEpochMilli()));
        }
        engine = new RefreshEngine(store, leases, new InMemoryProviderDirectory(), (request, deadline) -> {
            throw new IllegalStateException("a hit never calls the provider");
        }, clock, RefreshSettings.defaults("bench"), new Random(1));
    }

    /** The library's hit: store read, expiry decision, refresh-ahead check, the answer. */
    @Benchmark
    public TokenAnswer engineHit(Cursor cursor) {
        return engine.freshToken(cursor.id(ids));
    }

    /** The ideal cache's hit: one hash-map read and a comparison of longs. */
    @Benchmark
    public Secret idealHit(Cursor cursor) {
        IdealEntry entry = ideal.get(cursor.id(ids));
        return entry.expiresAtMillis() - BUFFER_MILLIS > clock.millis() ? entry.accessToken() : null;
    }
}
