package dev.tokenkeeper.bench.library;

import java.time.Instant;
import java.time.InstantSource;

/** Maps {@link System#nanoTime()} readings to nanoseconds since the epoch, from one reading of the wall clock. */
record Timebase(long epochNanosAtBase, long nanoTimeAtBase) {
    static Timebase now() {
        Instant wall = Instant.now();
        long nanoTime = System.nanoTime();
        return new Timebase(epochNanos(wall), nanoTime);
    }

    /** The epoch nanoseconds of a {@link System#nanoTime()} reading. */
    long epochNanos(long nanoTime) {
        return epochNanosAtBase + (nanoTime - nanoTimeAtBase);
    }

    /**
     * A clock that reads {@link System#nanoTime()} through this time base: the engine runs on it, so that its
     * timestamps compare with the load's readings even if the wall clock is stepped during the run.
     */
    InstantSource clock() {
        return new InstantSource() {
            @Override
            public Instant instant() {
                return Instant.ofEpochSecond(0, epochNanos(System.nanoTime()));
            }

            /** As cheap as the system clock's millis(): one reading, no Instant. */
            @Override
            public long millis() {
                return Math.floorDiv(epochNanos(System.nanoTime()), 1_000_000L);
            }
        };
    }

    static long epochNanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
