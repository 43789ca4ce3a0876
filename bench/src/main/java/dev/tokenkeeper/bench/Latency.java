package dev.tokenkeeper.bench;

import org.HdrHistogram.Histogram;

/**
 * Latency percentiles of one phase, in microseconds.
 *
 * @param p50  the median
 * @param p90  the 90th percentile
 * @param p99  the 99th percentile
 * @param p999 the 99.9th percentile
 * @param max  the slowest request
 */
record Latency(long p50, long p90, long p99, long p999, long max) {
    Latency {
        if (p50 < 0 || p90 < p50 || p99 < p90 || p999 < p99 || max < p999) {
            throw new IllegalArgumentException("percentiles must be non-negative and ascending");
        }
    }

    /** The percentiles of a histogram of microseconds (all zero when it is empty). */
    static Latency of(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return new Latency(0, 0, 0, 0, 0);
        }
        return new Latency(micros.getValueAtPercentile(50), micros.getValueAtPercentile(90),
                micros.getValueAtPercentile(99), micros.getValueAtPercentile(99.9), micros.getMaxValue());
    }
}
