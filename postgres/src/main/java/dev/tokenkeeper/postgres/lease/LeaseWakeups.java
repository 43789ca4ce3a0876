package dev.tokenkeeper.postgres.lease;

import dev.tokenkeeper.postgres.DatabaseLocation;
import dev.tokenkeeper.postgres.work.ChannelListener;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.postgresql.PGNotification;

/**
 * Listens on one dedicated connection ({@link ChannelListener}) for lease releases from every instance and wakes the
 * local waiters; when the connection breaks it reconnects, and waiters fall back to polling meanwhile.
 */
final class LeaseWakeups implements AutoCloseable {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition woken = lock.newCondition();
    private long heard;
    private volatile ChannelListener listener;

    private LeaseWakeups() {}

    static LeaseWakeups listen(DatabaseLocation location, String channel) {
        LeaseWakeups wakeups = new LeaseWakeups();
        wakeups.listener = ChannelListener.listen(location, channel, wakeups::wake);
        return wakeups;
    }

    /**
     * How many releases were heard so far, of any connection's lease: a single counter, so memory does not grow
     * with the number of connections; a waiter woken by another connection's release re-checks its own.
     */
    long heard() {
        lock.lock();
        try {
            return heard;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until a release newer than {@code seen} is heard, or at most {@code max}. */
    void await(long seen, Duration max) throws InterruptedException {
        long nanos = max.toNanos();
        lock.lock();
        try {
            while (heard == seen && nanos > 0) {
                nanos = woken.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }

    private void wake(PGNotification[] notifications) {
        lock.lock();
        try {
            heard += notifications.length;
            woken.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        listener.close();
    }
}
