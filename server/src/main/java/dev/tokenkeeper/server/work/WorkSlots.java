package dev.tokenkeeper.server.work;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A fixed number of slots for the claimed rows of a background worker, each run on its own virtual thread: a worker
 * claims only as many rows as {@link #free()} says, each takes a slot and gives it back when it ends, then the
 * {@code afterEach} hook runs (the worker's loop wakes to claim more), so a slow row holds only its own slot.
 */
public final class WorkSlots implements AutoCloseable {
    private final Semaphore slots;
    private final ExecutorService threads;
    private final Runnable afterEach;
    private final Duration grace;

    /**
     * @param threadPrefix names the threads ({@code tokenkeeper-<prefix>-<n>})
     * @param size         how many rows run at once
     * @param afterEach    runs after each row ended and gave its slot back
     * @param grace        how long {@link #close()} waits for running rows before interrupting them
     */
    public WorkSlots(String threadPrefix, int size, Runnable afterEach, Duration grace) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be positive");
        }
        this.slots = new Semaphore(size);
        this.threads = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("tokenkeeper-" + Objects.requireNonNull(threadPrefix) + "-", 0).factory());
        this.afterEach = Objects.requireNonNull(afterEach, "afterEach");
        this.grace = Objects.requireNonNull(grace, "grace");
    }

    /** How many more rows may start now. */
    public int free() {
        return slots.availablePermits();
    }

    /** Takes a slot (waiting for one if the caller claimed more than {@link #free()}) and runs {@code task} on it. */
    public <T> void run(T row, Consumer<T> task) {
        slots.acquireUninterruptibly();
        threads.submit(() -> {
            try {
                task.accept(row);
            } finally {
                slots.release();
                afterEach.run();
            }
        });
    }

    /**
     * Starts no more rows and waits for the running ones at most the grace period, then interrupts them (their leases
     * run out and another instance takes their rows over).
     */
    @Override
    public void close() {
        threads.shutdown();
        try {
            if (!threads.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                threads.shutdownNow();
            }
        } catch (InterruptedException e) {
            threads.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
