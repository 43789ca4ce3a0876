package dev.tokenkeeper.postgres.lease;

import dev.tokenkeeper.postgres.DatabaseLocation;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on one dedicated connection for lease releases from every instance and wakes the local waiters; when the
 * connection breaks it reconnects, and waiters fall back to polling meanwhile.
 */
final class LeaseWakeups implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseWakeups.class);
    private static final int RECEIVE_TIMEOUT_MILLIS = 250;
    private static final Duration RECONNECT_DELAY = Duration.ofSeconds(1);

    private final DatabaseLocation location;
    private final String channel;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition woken = lock.newCondition();
    private long heard;
    private final Thread listener;

    private LeaseWakeups(DatabaseLocation location, String channel) {
        this.location = location;
        this.channel = channel;
        this.listener = Thread.ofPlatform().daemon().name("tokenkeeper-lease-listener").unstarted(this::run);
    }

    static LeaseWakeups listen(DatabaseLocation location, String channel) {
        LeaseWakeups wakeups = new LeaseWakeups(location, channel);
        wakeups.listener.start();
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

    private void run() {
        while (!closed.get()) {
            try (Connection connection = location.connect();
                    Statement statement = connection.createStatement()) {
                statement.execute("listen " + channel);
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (!closed.get()) {
                    PGNotification[] notifications = pg.getNotifications(RECEIVE_TIMEOUT_MILLIS);
                    if (notifications != null && notifications.length > 0) {
                        wake(notifications);
                    }
                }
            } catch (SQLException e) {
                if (!closed.get()) {
                    LOG.warn("lease wake-up listener lost its connection ({}); waiters poll until it is back",
                            e.getMessage());
                    pause();
                }
            }
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

    private void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(RECONNECT_DELAY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed.set(true);
        }
    }

    @Override
    public void close() {
        closed.set(true);
        listener.interrupt();
        try {
            listener.join(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
