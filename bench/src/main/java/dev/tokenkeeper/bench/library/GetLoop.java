package dev.tokenkeeper.bench.library;

import java.util.concurrent.ThreadLocalRandom;

/**
 * One load thread's loop: {@code get} of a connection picked at random until {@code end}, each get timed with
 * {@link System#nanoTime()}. {@link GetLoad} defines a copy of this class for each side ({@link #forSide}), so that the
 * JIT compiles each side's loop apart, its {@code get} call seeing one receiver, as an application calling one cache
 * does: one shared loop, compiled for three receivers, made a side's rate depend on which others had run.
 */
final class GetLoop {
    private GetLoop() {}

    /** Loops on {@code source} until the {@link System#nanoTime()} reading {@code end}; answers what it measured. */
    static GetTally loop(TokenSource source, String[] ids, long end, Timebase time) {
        GetTally tally = new GetTally();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (true) {
            long before = System.nanoTime();
            if (before - end >= 0) {
                return tally;
            }
            long refreshedAt = source.get(ids[random.nextInt(ids.length)]);
            long after = System.nanoTime();
            if (refreshedAt == TokenSource.FAILED) {
                tally.failed++;
            } else {
                tally.record(refreshedAt != TokenSource.NEVER_REFRESHED && refreshedAt >= time.epochNanos(before),
                        after - before);
            }
        }
    }
}
