package dev.tokenkeeper.bench.library;

import java.util.ArrayList;
import java.util.List;

/** Platform threads that keep the cores busy with arithmetic until closed: the CPU pressure of a loaded process. */
final class BusyThreads implements AutoCloseable {
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stop;
    /** Where the arithmetic goes, so that it is not optimised away. */
    volatile long sink;

    private BusyThreads() {}

    static BusyThreads start(int count) {
        BusyThreads busy = new BusyThreads();
        for (int i = 0; i < count; i++) {
            busy.threads.add(Thread.ofPlatform().name("bench-busy-" + i).daemon().start(busy::spin));
        }
        return busy;
    }

    private void spin() {
        long x = Thread.currentThread().threadId();
        while (!stop) {
            for (int i = 0; i < 10_000; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
        }
        sink = x;
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        for (Thread thread : threads) {
            thread.join();
        }
    }
}
