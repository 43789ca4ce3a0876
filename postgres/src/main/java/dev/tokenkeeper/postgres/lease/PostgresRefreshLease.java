package dev.tokenkeeper.postgres.lease;

import dev.tokenkeeper.core.port.Lease;
import dev.tokenkeeper.core.port.RefreshLease;
import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.postgres.work.RowLease;
import dev.tokenkeeper.postgres.work.RowLeases;
import dev.tokenkeeper.postgres.work.WorkTable;
import java.time.Duration;
import java.util.Optional;

/**
 * {@link RefreshLease} on the connection row, on the database clock: taking the lease bumps the fence; releasing it
 * notifies waiters in every instance (LISTEN/NOTIFY), who also poll as a fallback.
 */
public final class PostgresRefreshLease implements RefreshLease, AutoCloseable {
    /** The channel told a connection's id whenever its lease is given up (by a release, or by a commit under it). */
    public static final String CHANNEL = "tokenkeeper_lease_released";
    private static final Duration POLL = Duration.ofMillis(500);

    /**
     * Connections as work rows: due at {@code next_refresh_at} while refreshable (a refresh token) and active, or
     * misconfigured with a re-verification scheduled after a provider config change (with a refresh token, or of a
     * client-credentials provider); grouped by provider.
     */
    public static final WorkTable CONNECTIONS = new WorkTable("connections", "id", "next_refresh_at", "provider_key",
            "state in ('active', 'misconfigured') and (refresh_token is not null or state = 'misconfigured')");

    private final RowLeases rows;
    private final LeaseWakeups wakeups;

    public PostgresRefreshLease(PostgresDatabase database) {
        this.rows = rowLeases(database);
        this.wakeups = LeaseWakeups.listen(database.location(), CHANNEL);
    }

    /** The leases of connection rows, as the refresh schedule takes them too. */
    public static RowLeases rowLeases(PostgresDatabase database) {
        return new RowLeases(database, CONNECTIONS, CHANNEL);
    }

    /** The core's view of a lease on a connection row. */
    public static Lease asLease(RowLease row) {
        return new Lease(row.id(), row.fence(), row.holder(), row.expiresAt(), row.interruptedAttemptAt());
    }

    @Override
    public Optional<Lease> tryAcquire(String connectionId, String holder, Duration ttl) {
        return rows.tryAcquire(connectionId, holder, ttl).map(PostgresRefreshLease::asLease);
    }

    @Override
    public boolean markAttemptStarted(Lease lease) {
        return rows.markAttemptStarted(lease.connectionId(), lease.fence());
    }

    @Override
    public void release(Lease lease) {
        rows.release(lease.connectionId(), lease.fence());
    }

    @Override
    public boolean awaitRelease(String connectionId, Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (true) {
            long seenWakeups = wakeups.heard();
            Optional<Duration> heldFor = rows.heldFor(connectionId);
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

    @Override
    public void close() {
        wakeups.close();
    }
}
