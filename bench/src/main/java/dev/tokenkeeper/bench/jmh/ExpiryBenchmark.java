package dev.tokenkeeper.bench.jmh;

import dev.tokenkeeper.core.token.ExpiryPolicy;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.token.TokenSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The expiry decision of a hit ({@link ExpiryPolicy#usable}, {@link ExpiryPolicy#refreshDue}) against the former
 * {@code Duration.dividedBy} formula (BigDecimal inside) and a bare comparison of longs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ExpiryBenchmark {
    private final ExpiryPolicy policy = ExpiryPolicy.DEFAULT;
    private TokenSet tokens;
    private Instant now;
    private Instant nextRefreshAt;
    private long expiresAtNanos;
    private long nowNanos;
    private long bufferNanos;

    @Setup
    public void setUp() {
        now = Instant.parse("2026-01-01T10:00:00Z");
        tokens = new TokenSet(Secret.of("access"), Secret.of("refresh"), "Bearer", now.minusSeconds(600),
                now.plusSeconds(3000), List.of(), Map.of());
        nextRefreshAt = tokens.expiresAt().minusSeconds(120);
        expiresAtNanos = tokens.expiresAt().getEpochSecond() * 1_000_000_000L;
        nowNanos = now.getEpochSecond() * 1_000_000_000L;
        bufferNanos = policy.buffer().toNanos();
    }

    /** The hot path's decision now: saturating long nanoseconds. */
    @Benchmark
    public boolean usable() {
        return policy.usable(tokens, now);
    }

    /** Whether a usable token is due for a refresh ahead. */
    @Benchmark
    public boolean refreshDue() {
        return policy.refreshDue(tokens, nextRefreshAt, now);
    }

    /** The decision as it was: lifetime as a Duration (an Optional), divided by 4 through BigDecimal. */
    @Benchmark
    public boolean usableBeforeDurationDividedBy() {
        Duration buffer = tokens.lifetime().map(lifetime -> min(policy.buffer(), lifetime.dividedBy(4)))
                .orElse(policy.buffer());
        return tokens.expiresAt() == null || tokens.expiresAt().isAfter(now.plus(buffer));
    }

    /** The floor: one comparison of precomputed longs. */
    @Benchmark
    public boolean baselineLongCompare() {
        return expiresAtNanos - bufferNanos > nowNanos;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
