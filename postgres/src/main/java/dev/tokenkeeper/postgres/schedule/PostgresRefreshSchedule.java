package dev.tokenkeeper.postgres.schedule;

import dev.tokenkeeper.core.port.ClaimBudget;
import dev.tokenkeeper.core.port.RefreshSchedule;
import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.postgres.lease.PostgresRefreshLease;
import dev.tokenkeeper.postgres.work.DueClaims;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@link RefreshSchedule} on the connections table: due rows claimed under their refresh lease, per provider. */
public final class PostgresRefreshSchedule implements RefreshSchedule {
    private final DueClaims claims;

    public PostgresRefreshSchedule(PostgresDatabase database) {
        this.claims = new DueClaims(database, PostgresRefreshLease.rowLeases(database));
    }

    @Override
    public List<Claimed> claimDue(String holder, Duration ttl, ClaimBudget budget) {
        return claims.claim(holder, ttl, budget).stream()
                .map(row -> new Claimed(PostgresRefreshLease.asLease(row), row.group(),
                        row.lateBy() == null ? Duration.ZERO : row.lateBy()))
                .toList();
    }

    @Override
    public Optional<Duration> untilNextDue() {
        return claims.untilNextDue();
    }
}
