package dev.tokenkeeper.bench.library;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The gets of one side, summed over its measured phases: latency in nanoseconds of hits (the token served was
 * refreshed before the get began, or never) and of waits (it was refreshed during the get: the caller waited for a
 * refresh), failed gets, and the measured time.
 */
final class GetTally {
    private static final long HIGHEST = TimeUnit.SECONDS.toNanos(60);

    final Histogram hits = histogram();
    final Histogram waits = histogram();
    long failed;
    long measuredNanos;

    static Histogram histogram() {
        return new Histogram(HIGHEST, 3);
    }

    /** Records one get that took {@code nanos}. */
    void record(boolean waited, long nanos) {
        (waited ? waits : hits).recordValue(Math.min(nanos, HIGHEST));
    }

    synchronized void add(GetTally other) {
        hits.add(other.hits);
        waits.add(other.waits);
        failed += other.failed;
    }

    long gets() {
        return hits.getTotalCount() + waits.getTotalCount();
    }

    /** Successful gets per second of measured time. */
    double throughput() {
        return measuredNanos == 0 ? 0 : gets() * 1e9 / measuredNanos;
    }

    /** Every successful get, hits and waits together. */
    Histogram all() {
        Histogram all = histogram();
        all.add(hits);
        all.add(waits);
        return all;
    }
}
