package dev.tokenkeeper.testkit.fake;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

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
        lock.lock();
        try {
            pauseAt = bytes;
        } finally {
            lock.unlock();
        }
    }

    void resume() {
        lock.lock();
        try {
            pauseAt = NEVER;
            resumed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** How many bytes a stream that has written {@code written} may write before it must wait. */
    long allowance(long written) {
        lock.lock();
        try {
            return closed || pauseAt == NEVER ? NEVER : Math.max(0, pauseAt - written);
        } finally {
            lock.unlock();
        }
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
        lock.lock();
        try {
            return waiting;
        } finally {
            lock.unlock();
        }
    }

    void close() {
        lock.lock();
        try {
            closed = true;
            resumed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
