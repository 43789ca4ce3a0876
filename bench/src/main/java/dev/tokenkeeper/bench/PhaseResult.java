package dev.tokenkeeper.bench;

import java.time.Duration;
import java.util.Objects;

/**
 * What one measured phase came to.
 *
 * @param name     what was requested, for the table
 * @param requests requests answered with a 2xx
 * @param errors   requests answered otherwise or not at all
 * @param elapsed  from the first request sent to the last answer received
 * @param latency  the percentiles of the 2xx answers
 */
record PhaseResult(String name, long requests, long errors, Duration elapsed, Latency latency) {
    PhaseResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(latency, "latency");
        if (requests < 0 || errors < 0 || !elapsed.isPositive()) {
            throw new IllegalArgumentException("counts must not be negative and the elapsed time must be positive");
        }
    }

    /** 2xx answers per second of the phase. */
    double throughput() {
        return requests * 1e9 / elapsed.toNanos();
    }
}
