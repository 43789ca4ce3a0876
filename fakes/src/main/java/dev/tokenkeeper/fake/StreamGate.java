package dev.tokenkeeper.fake;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/** Holds streamed answers at a byte offset until resumed (or the provider closes), for tests of streaming. */
final class StreamGate {
    private static final long NEVER = Long.MAX_VALUE;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition resumed = lock.newCondition();
    private long pauseAt = NEVER;
    private int waiting;
    private boolean closed;

    void pauseAfter(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative: " + bytes);
        }
        locked(() -> {
            pauseAt = bytes;
            return null;
        });
    }

    void resume() {
        locked(() -> {
            pauseAt = NEVER;
            resumed.signalAll();
            return null;
        });
    }

    /** How many bytes a stream that has written {@code written} may write before it must wait. */
    long allowance(long written) {
        return locked(() -> closed || pauseAt == NEVER ? NEVER : Math.max(0, pauseAt - written));
    }

    /** Waits while streams must hold at {@code written} bytes. */
    void awaitPassage(long written) throws InterruptedException {
        lock.lock();
        try {
            if (closed || written < pauseAt) {
                return;
            }
            waiting++;
            try {
                while (!closed && written >= pauseAt) {
                    resumed.await();
                }
            } finally {
                waiting--;
            }
        } finally {
            lock.unlock();
        }
    }

    int waiting() {
        return locked(() -> waiting);
    }

    void close() {
        locked(() -> {
            closed = true;
            resumed.signalAll();
            return null;
        });
    }

    private <T> T locked(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }
}
