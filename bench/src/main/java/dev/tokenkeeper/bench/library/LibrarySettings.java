package dev.tokenkeeper.bench.library;

import java.time.Duration;
import java.util.Objects;

/**
 * How big and how long a library bench is.
 *
 * @param measured    how long each side is measured per scenario (in four alternating phases)
 * @param warmup      how long each side runs unmeasured first
 * @param threads     how many threads loop on gets, the same for both sides
 * @param connections how many connections each side holds
 */
record LibrarySettings(Duration measured, Duration warmup, int threads, int connections) {
    static final int MAX_THREADS = 1024;
    static final int MAX_CONNECTIONS = 1_000_000;
    /** How much longer than the warm-up an unmeasured run may go on while the JIT still compiles. */
    static final Duration MOST_EXTRA_SETTLING = Duration.ofSeconds(90);

    LibrarySettings {
        Objects.requireNonNull(measured, "measured");
        Objects.requireNonNull(warmup, "warmup");
        if (measured.compareTo(Duration.ofSeconds(4)) < 0 || warmup.isNegative()) {
            throw new IllegalArgumentException("seconds must be at least 4 (four alternating phases)");
        }
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("threads must be from 1 to " + MAX_THREADS);
        }
        if (connections < 1 || connections > MAX_CONNECTIONS) {
            throw new IllegalArgumentException("connections must be from 1 to " + MAX_CONNECTIONS);
        }
    }

    /**
     * The longest unmeasured run before a phase: the warm-up, then on while the JIT compiles, for at most
     * {@link #MOST_EXTRA_SETTLING} more.
     */
    Duration settleLimit() {
        return warmup.plus(MOST_EXTRA_SETTLING);
    }

    /** Reads {@code [seconds] [threads] [connections]} (defaults 30, 16, 1000); the warm-up is a fifth, 2 to 10 s. */
    static LibrarySettings parse(String... args) {
        long seconds = argument(args, 0, 30);
        return new LibrarySettings(Duration.ofSeconds(seconds), Duration.ofSeconds(Math.clamp(seconds / 5, 2, 10)),
                (int) argument(args, 1, 16), (int) argument(args, 2, 1000));
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
