package dev.tokenkeeper.core.refresh;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Fails body reads still incomplete at their deadline. One daemon thread looks over the reads in flight every
 * {@value #TICK_MILLIS} ms while there are any, and parks once there have been none for a second, so an exchange costs
 * no hand-over to another thread: a {@code CompletableFuture.orTimeout} per exchange woke the JDK's delay scheduler to
 * arm the timer and again to disarm it, on every refresh. A read fails at most a tick after its deadline, well inside the second
 * the lease lasts past the HTTP deadline ({@link RefreshSettings#MIN_COMMIT_GAP}).
 */
final class BodyDeadlines {
    static final long TICK_MILLIS = 20;

    /**
     * Ticks without a read before the watcher parks: under steady refreshes the reads in flight often drop to none for
     * a moment, and parking at once made many refreshes unpark the watcher again.
     */
    static final int IDLE_TICKS_BEFORE_PARKING = 50;

    /** Each read in flight and its deadline, a {@link System#nanoTime()} reading. */
    private static final ConcurrentHashMap<CompletableFuture<?>, Long> READS = new ConcurrentHashMap<>();
    private static volatile boolean parked;
    private static final Thread WATCHER = Thread.ofPlatform().daemon().name("tokenkeeper-body-deadlines")
            .start(BodyDeadlines::watch);

    private BodyDeadlines() {}

    /** Fails {@code read} with a {@link TimeoutException} if it is still incomplete at {@code giveUpAt}. */
    static void failLate(CompletableFuture<?> read, long giveUpAt) {
        READS.put(read, giveUpAt);
        read.whenComplete((done, failure) -> READS.remove(read));
        if (parked) {
            LockSupport.unpark(WATCHER);
        }
    }

    /** Whether {@code read} is watched now. */
    static boolean watches(CompletableFuture<?> read) {
        return READS.containsKey(read);
    }

    private static void watch() {
        int idleTicks = 0;
        while (true) {
            if (READS.isEmpty() && idleTicks >= IDLE_TICKS_BEFORE_PARKING) {
                parked = true;
                if (READS.isEmpty()) {
                    LockSupport.park(); // a read added after the check above unparks, or finds the permit
                }
                parked = false;
                idleTicks = 0;
                continue;
            }
            idleTicks = READS.isEmpty() ? idleTicks + 1 : 0;
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS));
            long now = System.nanoTime();
            READS.forEach((read, giveUpAt) -> {
                if (now - giveUpAt >= 0) {
                    read.completeExceptionally(new TimeoutException());
                }
            });
        }
    }
}
