package dev.tokenkeeper.memory;

import dev.tokenkeeper.core.port.Lease;
import dev.tokenkeeper.core.port.RefreshLease;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link RefreshLease} in memory: one lease table for every engine that shares this object, as several processes
 * share one database.
 */
public final class InMemoryRefreshLease implements RefreshLease {
    private final InstantSource clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    private final Map<String, Row> rows = new HashMap<>();
    /** The last fence granted on any connection: fences never repeat, even for a connection created again. */
    private long lastFence;

    public InMemoryRefreshLease(InstantSource clock) {
        this.clock = clock;
    }

    private record Row(long fence, String holder, Instant expiresAt, Instant attemptStartedAt, boolean released) {
        boolean liveAt(Instant now) {
            return !released && now.isBefore(expiresAt);
        }
    }

    /** True while some holder has a live lease on the connection. */
    boolean leased(String connectionId) {
        lock.lock();
        try {
            Row row = rows.get(connectionId);
            return row != null && row.liveAt(clock.instant());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<Lease> tryAcquire(String connectionId, String holder, Duration ttl) {
        lock.lock();
        try {
            Instant now = clock.instant();
            Row previous = rows.get(connectionId);
            if (previous != null && previous.liveAt(now)) {
                return Optional.empty();
            }
            // An attempt is settled only by the commit of its result: until then every later holder is told.
            Instant interrupted = previous != null ? previous.attemptStartedAt() : null;
            Row row = new Row(++lastFence, holder, now.plus(ttl), interrupted, false);
            rows.put(connectionId, row);
            return Optional.of(new Lease(connectionId, row.fence(), holder, row.expiresAt(), interrupted));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean markAttemptStarted(Lease lease) {
        lock.lock();
        try {
            Row row = rows.get(lease.connectionId());
            if (!holds(row, lease)) {
                return false;
            }
            Row started = new Row(row.fence(), row.holder(), row.expiresAt(), clock.instant(), false);
            rows.put(lease.connectionId(), started);
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void release(Lease lease) {
        lock.lock();
        try {
            Row row = rows.get(lease.connectionId());
            if (row != null && row.fence() == lease.fence() && !row.released()) {
                rows.put(lease.connectionId(), new Row(row.fence(), row.holder(), row.expiresAt(),
                        row.attemptStartedAt(), true));
                released.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean awaitRelease(String connectionId, Duration maxWait) throws InterruptedException {
        long remaining = maxWait.toNanos();
        lock.lock();
        try {
            while (true) {
                Instant now = clock.instant();
                Row row = rows.get(connectionId);
                if (row == null || !row.liveAt(now)) {
                    return true;
                }
                if (remaining <= 0) {
                    return false;
                }
                long untilExpiry = Math.max(1, Duration.between(now, row.expiresAt()).toNanos());
                long waitFor = Math.min(remaining, untilExpiry);
                long left = released.awaitNanos(waitFor);
                remaining -= waitFor - Math.max(0, left);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The attempt under {@code lease} got its result written: a later take-over finds no interrupted attempt. */
    void attemptFinished(Lease lease) {
        lock.lock();
        try {
            Row row = rows.get(lease.connectionId());
            if (holds(row, lease)) {
                rows.put(lease.connectionId(), new Row(row.fence(), row.holder(), row.expiresAt(), null, false));
            }
        } finally {
            lock.unlock();
        }
    }

    /** A new grant replaced the connection's tokens: an attempt left started on the old one is no longer pending. */
    void attemptMoot(String connectionId) {
        lock.lock();
        try {
            Row row = rows.get(connectionId);
            if (row != null) {
                rows.put(connectionId, new Row(row.fence(), row.holder(), row.expiresAt(), null, row.released()));
            }
        } finally {
            lock.unlock();
        }
    }

    /** The connection was deleted: its lease goes with it, and whoever waits for the lease stops waiting. */
    void forget(String connectionId) {
        lock.lock();
        try {
            if (rows.remove(connectionId) != null) {
                released.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** True while {@code lease} is the connection's live lease: the store's commit check. */
    boolean isLive(Lease lease) {
        lock.lock();
        try {
            return holds(rows.get(lease.connectionId()), lease);
        } finally {
            lock.unlock();
        }
    }

    private boolean holds(Row row, Lease lease) {
        return row != null && row.fence() == lease.fence() && row.liveAt(clock.instant());
    }
}
