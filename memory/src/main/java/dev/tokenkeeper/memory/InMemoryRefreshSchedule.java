package dev.tokenkeeper.memory;

import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.port.ClaimBudget;
import dev.tokenkeeper.core.port.Lease;
import dev.tokenkeeper.core.port.RefreshSchedule;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/** {@link RefreshSchedule} over an {@link InMemoryConnectionStore}, claiming with its {@link InMemoryRefreshLease}. */
public final class InMemoryRefreshSchedule implements RefreshSchedule {
    private static final Comparator<Connection> OLDEST_DUE =
            Comparator.comparing(Connection::nextRefreshAt).thenComparing(Connection::id);

    private final InMemoryConnectionStore store;
    private final InMemoryRefreshLease leases;
    private final InstantSource clock;
    private final ReentrantLock claiming = new ReentrantLock();

    public InMemoryRefreshSchedule(InMemoryConnectionStore store, InMemoryRefreshLease leases, InstantSource clock) {
        this.store = store;
        this.leases = leases;
        this.clock = clock;
    }

    @Override
    public List<Claimed> claimDue(String holder, Duration ttl, ClaimBudget budget) {
        claiming.lock();
        try {
            Instant now = clock.instant();
            Map<String, Integer> taken = new HashMap<>();
            List<Claimed> claims = new ArrayList<>();
            for (Connection due : scheduled().stream().filter(c -> !c.nextRefreshAt().isAfter(now)).toList()) {
                if (claims.size() == budget.total()) {
                    break;
                }
                String provider = due.providerKey();
                if (taken.getOrDefault(provider, 0) >= budget.freeIn(provider)) {
                    continue;
                }
                Optional<Lease> lease = leases.tryAcquire(due.id(), holder, ttl);
                if (lease.isPresent() && !stillDue(due.id(), now)) {
                    // Refreshed and released between the snapshot and the lease: as in PostgreSQL, where the due
                    // check and the lease are one statement, a connection no longer due is not handed out.
                    leases.release(lease.get());
                    continue;
                }
                if (lease.isPresent()) {
                    claims.add(new Claimed(lease.get(), provider, Duration.between(due.nextRefreshAt(), now)));
                    taken.merge(provider, 1, Integer::sum);
                }
            }
            return claims;
        } finally {
            claiming.unlock();
        }
    }

    @Override
    public Optional<Duration> untilNextDue() {
        Instant now = clock.instant();
        return scheduled().stream().findFirst().map(Connection::nextRefreshAt)
                .map(due -> due.isAfter(now) ? Duration.between(now, due) : Duration.ZERO);
    }

    /** True when the connection, read under its lease, is still scheduled and due at {@code now}. */
    private boolean stillDue(String id, Instant now) {
        return store.find(id).filter(c -> c.state() != ConnectionState.NEEDS_REAUTH && c.nextRefreshAt() != null
                && renewable(c) && !c.nextRefreshAt().isAfter(now)).isPresent();
    }

    /**
     * Whether a scheduled connection may be claimed: one with a refresh token, or a misconfigured one (only a
     * re-verification after a provider config change schedules it; a client-credentials connection has no refresh
     * token), as the PostgreSQL schedule's condition says.
     */
    private static boolean renewable(Connection connection) {
        return connection.tokens().refreshToken() != null || connection.state() == ConnectionState.MISCONFIGURED;
    }

    /**
     * Refreshable connections with a refresh time (active ones, and misconfigured ones due for re-verification),
     * oldest due first.
     */
    private List<Connection> scheduled() {
        return store.all().stream()
                .filter(c -> c.state() != ConnectionState.NEEDS_REAUTH && c.nextRefreshAt() != null
                        && renewable(c))
                .sorted(OLDEST_DUE)
                .toList();
    }
}
