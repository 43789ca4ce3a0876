package dev.tokenkeeper.postgres.lease;

import dev.tokenkeeper.core.port.Lease;
import dev.tokenkeeper.core.port.RefreshLease;
import dev.tokenkeeper.postgres.PostgresDatabase;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@link RefreshLease} on the connection row, on the database clock: taking the lease bumps the fence; releasing it
 * notifies waiters in every instance (LISTEN/NOTIFY), who also poll as a fallback.
 */
public final class PostgresRefreshLease implements RefreshLease, AutoCloseable {
    static final String CHANNEL = "tokenkeeper_lease_released";
    private static final Duration POLL = Duration.ofMillis(500);

    private final PostgresDatabase database;
    private final LeaseWakeups wakeups;

    public PostgresRefreshLease(PostgresDatabase database) {
        this.database = database;
        this.wakeups = LeaseWakeups.listen(database.location(), CHANNEL);
    }

    @Override
    public Optional<Lease> tryAcquire(String connectionId, String holder, Duration ttl) {
        return database.withConnection(db -> {
            try (PreparedStatement take = db.prepareStatement("""
                    with prev as (
                        select id, lease_attempt_started as started, lease_expires_at as expires
                        from connections where id = ? for update)
                    update connections c
                    set lease_fence = c.lease_fence + 1, lease_holder = ?,
                        lease_expires_at = clock_timestamp() + ? * interval '1 millisecond',
                        lease_attempt_started = false
                    from prev
                    where c.id = prev.id and (prev.expires is null or prev.expires <= clock_timestamp())
                    returning c.lease_fence, c.lease_expires_at, prev.started and prev.expires is not null""")) {
                take.setString(1, connectionId);
                take.setString(2, holder);
                take.setLong(3, ttl.toMillis());
                try (ResultSet row = take.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Lease(connectionId, row.getLong(1), holder,
                            row.getTimestamp(2).toInstant(), row.getBoolean(3)));
                }
            }
        });
    }

    @Override
    public boolean markAttemptStarted(Lease lease) {
        return database.withConnection(db -> {
            try (PreparedStatement mark = db.prepareStatement("update connections set lease_attempt_started = true"
                    + " where id = ? and lease_fence = ? and lease_expires_at > clock_timestamp()")) {
                mark.setString(1, lease.connectionId());
                mark.setLong(2, lease.fence());
                return mark.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void release(Lease lease) {
        database.inTransaction(db -> {
            try (PreparedStatement free = db.prepareStatement("update connections set lease_expires_at = null,"
                    + " lease_holder = null, lease_attempt_started = false where id = ? and lease_fence = ?")) {
                free.setString(1, lease.connectionId());
                free.setLong(2, lease.fence());
                if (free.executeUpdate() == 0) {
                    return false;
                }
            }
            try (PreparedStatement notify = db.prepareStatement("select pg_notify(?, ?)")) {
                notify.setString(1, CHANNEL);
                notify.setString(2, lease.connectionId());
                notify.execute();
            }
            return true;
        });
    }

    @Override
    public boolean awaitRelease(String connectionId, Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (true) {
            long seenWakeups = wakeups.heard();
            Optional<Duration> heldFor = heldFor(connectionId);
            if (heldFor.isEmpty()) {
                return true;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            long wait = Math.min(remaining, Math.min(heldFor.get().toNanos() + 1, POLL.toNanos()));
            wakeups.await(seenWakeups, Duration.ofNanos(wait));
        }
    }

    /** How much longer the live lease lasts, on the database clock, or empty when the lease is free. */
    private Optional<Duration> heldFor(String connectionId) {
        return database.withConnection(db -> {
            try (PreparedStatement select = db.prepareStatement("select lease_expires_at, clock_timestamp()"
                    + " from connections where id = ?")) {
                select.setString(1, connectionId);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next() || row.getTimestamp(1) == null) {
                        return Optional.empty();
                    }
                    Instant expires = row.getTimestamp(1).toInstant();
                    Instant now = row.getTimestamp(2).toInstant();
                    return expires.isAfter(now) ? Optional.of(Duration.between(now, expires)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void close() {
        wakeups.close();
    }
}
