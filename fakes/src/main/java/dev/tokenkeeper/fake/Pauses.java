package dev.tokenkeeper.fake;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Waits of latency and hangs, all cut short when the provider closes. */
final class Pauses {
    private final CountDownLatch closing = new CountDownLatch(1);
    private final AtomicInteger hanging = new AtomicInteger();

    /** Waits for the duration (null: until close) and returns true if the provider closed meanwhile. */
    boolean pause(Duration duration) {
        try {
            if (duration == null) {
                closing.await();
                return true;
            }
            return closing.await(duration.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** Like {@link #pause} but counted in {@link #hanging()}. */
    boolean hang(Duration duration) {
        hanging.incrementAndGet();
        try {
            return pause(duration);
        } finally {
            hanging.decrementAndGet();
        }
    }

    int hanging() {
        return hanging.get();
    }

    void closeAll() {
        closing.countDown();
    }
}
