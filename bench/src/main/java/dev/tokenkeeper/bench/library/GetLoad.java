package dev.tokenkeeper.bench.library;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The load: a fixed set of platform threads, the same for every phase and side, each looping {@code get} of a
 * connection picked at random for the phase's length, timing each get with {@link System#nanoTime()}.
 */
final class GetLoad implements AutoCloseable {
    private final ExecutorService threads;
    private final int threadCount;
    private final String[] connectionIds;
    private final Timebase time;

    GetLoad(int threadCount, String[] connectionIds, Timebase time) {
        this.threads = Executors.newFixedThreadPool(threadCount, Thread.ofPlatform().name("bench-get-", 0)
                .factory());
        this.threadCount = threadCount;
        this.connectionIds = connectionIds.clone();
        this.time = time;
    }

    /** Runs {@code source} for {@code length}; adds what was measured to {@code into} unless it is null. */
    void run(TokenSource source, Duration length, GetTally into) throws InterruptedException {
        long start = System.nanoTime();
        long end = start + length.toNanos();
        List<Future<GetTally>> running = new ArrayList<>();
        for (int i = 0; i < threadCount; i++) {
            running.add(threads.submit(() -> loop(source, end)));
        }
        for (Future<GetTally> thread : running) {
            try {
                GetTally measured = thread.get();
                if (into != null) {
                    into.add(measured);
                }
            } catch (ExecutionException e) {
                throw new IllegalStateException("a load thread failed", e.getCause());
            }
        }
        if (into != null) {
            into.measuredNanos += System.nanoTime() - start;
        }
    }

    private GetTally loop(TokenSource source, long end) {
        GetTally tally = new GetTally();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String[] ids = connectionIds;
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

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
