package dev.tokenkeeper.bench;

import java.time.Duration;
import java.util.Objects;

/**
 * How big and how long a load run is.
 *
 * @param phase       how long each phase is measured
 * @param warmup      how long each phase runs unmeasured first
 * @param concurrency how many clients send at once, each waiting for its answer before the next request
 * @param connections how many connections are imported and picked from at random
 */
public record BenchSettings(Duration phase, Duration warmup, int concurrency, int connections) {
    public static final int MAX_CONCURRENCY = 1024;
    public static final int MAX_CONNECTIONS = 100_000;

    public BenchSettings {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(warmup, "warmup");
        if (!phase.isPositive() || warmup.isNegative()) {
            throw new IllegalArgumentException("the phase must be positive and the warm-up not negative");
        }
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            throw new IllegalArgumentException("concurrency must be from 1 to " + MAX_CONCURRENCY);
        }
        if (connections < 1 || connections > MAX_CONNECTIONS) {
            throw new IllegalArgumentException("connections must be from 1 to " + MAX_CONNECTIONS);
        }
    }

    /**
     * Reads {@code [seconds] [concurrency] [connections]} (defaults 30, 32, 1000); the warm-up is a fifth of the
     * phase, from 2 to 10 seconds.
     */
    public static BenchSettings parse(String... args) {
        long seconds = argument(args, 0, 30);
        Duration warmup = Duration.ofSeconds(Math.clamp(seconds / 5, 2, 10));
        return new BenchSettings(Duration.ofSeconds(seconds), warmup, (int) argument(args, 1, 32),
                (int) argument(args, 2, 1000));
    }

    private static long argument(String[] args, int index, long fallback) {
        if (args.length <= index || args[index].isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(args[index].strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("argument " + (index + 1) + " must be a whole number, not '"
                    + args[index] + "'");
        }
    }
}
