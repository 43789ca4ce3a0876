package dev.tokenkeeper.core.port;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The durable schedule of proactive refreshes: every active, refreshable connection whose {@code next_refresh_at}
 * has come is claimable by whichever instance is free, and a claim is the connection's {@link RefreshLease}.
 */
public interface RefreshSchedule {

    /**
     * Claims due connections, oldest due first, whose lease is free or ran out, taking each one's lease for
     * {@code ttl}; never claims one that another holder's live lease covers.
     */
    List<Claimed> claimDue(String holder, Duration ttl, ClaimBudget budget);

    /** How long until the next refresh is due (zero when one is due now); empty when none is scheduled. */
    Optional<Duration> untilNextDue();

    /**
     * One claimed refresh.
     *
     * @param lease       the connection's refresh lease, now held by the claimer
     * @param providerKey the connection's provider, whose concurrency budget the refresh counts against
     * @param lateBy      how long after its {@code next_refresh_at} it was claimed, on the schedule's clock: the
     *                    due-work lag this claim saw
     */
    record Claimed(Lease lease, String providerKey, Duration lateBy) {
        public Claimed {
            Objects.requireNonNull(lease, "lease");
            Objects.requireNonNull(providerKey, "providerKey");
            Objects.requireNonNull(lateBy, "lateBy");
        }
    }
}
