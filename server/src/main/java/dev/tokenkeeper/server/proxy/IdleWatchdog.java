package dev.tokenkeeper.server.proxy;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Closes a provider's response body when no byte of it has arrived for a while, so a provider that stalls mid-body
 * cannot hold a request (and its connection) forever: the blocked read then fails and the caller's answer is
 * aborted. Re-armed before each read.
 */
final class IdleWatchdog implements AutoCloseable {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "proxy-body-idle");
        thread.setDaemon(true);
        return thread;
    });

    private final Closeable body;
    private final Duration idle;
    private final ReentrantLock lock = new ReentrantLock();
    private ScheduledFuture<?> pending;
    private volatile boolean fired;

    IdleWatchdog(Closeable body, Duration idle) {
        this.body = body;
        this.idle = idle;
    }

    /** Starts (again) the wait for the next bytes. */
    void arm() {
        lock.lock();
        try {
            if (pending != null) {
                pending.cancel(false);
            }
            pending = TIMER.schedule(this::fire, idle.toNanos(), TimeUnit.NANOSECONDS);
        } finally {
            lock.unlock();
        }
    }

    /** True when the body was closed for being idle too long. */
    boolean fired() {
        return fired;
    }

    Duration idle() {
        return idle;
    }

    private void fire() {
        fired = true;
        try {
            body.close();
        } catch (IOException e) {
            // closing is all that is wanted; the reader sees the failure
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (pending != null) {
                pending.cancel(false);
            }
        } finally {
            lock.unlock();
        }
    }
}
