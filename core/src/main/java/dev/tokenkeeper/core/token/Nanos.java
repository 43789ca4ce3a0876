package dev.tokenkeeper.core.token;

import java.time.Duration;
import java.time.Instant;

/** Time spans as saturating long nanoseconds, for decisions on the hot path that must not allocate. */
final class Nanos {
    private static final long PER_SECOND = 1_000_000_000L;
    /** The most whole seconds whose nanoseconds (plus a second's worth) fit in a long. */
    private static final long MAX_SECONDS = Long.MAX_VALUE / PER_SECOND - 1;

    private Nanos() {
    }

    /** {@code to − from} in nanoseconds, saturated to ±{@link Long#MAX_VALUE} (about 292 years). */
    static long between(Instant from, Instant to) {
        return saturated(to.getEpochSecond() - from.getEpochSecond(), to.getNano() - from.getNano());
    }

    /** {@code to} − ({@code fromSecond}, {@code fromNano}) in nanoseconds, saturated to ±{@link Long#MAX_VALUE}. */
    static long between(long fromSecond, long fromNano, Instant to) {
        long seconds = to.getEpochSecond() - fromSecond;
        // an epoch second beyond Instant's range (±3.2e16) cannot reach here, so the difference cannot overflow
        return saturated(seconds, to.getNano() - fromNano);
    }

    /** {@code span} in nanoseconds, saturated to ±{@link Long#MAX_VALUE}. */
    static long of(Duration span) {
        return saturated(span.getSeconds(), span.getNano());
    }

    private static long saturated(long seconds, long nanos) {
        if (seconds > MAX_SECONDS) {
            return Long.MAX_VALUE;
        }
        if (seconds < -MAX_SECONDS) {
            return -Long.MAX_VALUE;
        }
        return seconds * PER_SECOND + nanos;
    }
}
