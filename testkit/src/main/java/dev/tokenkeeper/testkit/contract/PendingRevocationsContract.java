package dev.tokenkeeper.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.port.PendingRevocations;
import dev.tokenkeeper.core.port.PendingRevocations.Claimed;
import dev.tokenkeeper.core.port.PendingRevocations.Revocation;
import dev.tokenkeeper.core.token.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link PendingRevocations} adapter must have; an adapter's test extends this class. Due times
 * are set in the past or far in the future, so the contract holds on a database clock too.
 */
public abstract class PendingRevocationsContract {
    private static final Duration LEASE = Duration.ofMinutes(1);

    /** A fresh, empty store for each test. */
    protected abstract PendingRevocations revocations();

    /** Now, as the store's clock sees it. */
    protected abstract Instant now();

    @Test
    void claimDue_handsOutADueRevocationWithItsToken_onceWhileItsLeaseLasts() {
        PendingRevocations revocations = revocations();
        revocations.add(revocation("rv-due", "acme", now().minusSeconds(5)));
        revocations.add(revocation("rv-later", "acme", now().plus(Duration.ofDays(1))));

        List<Claimed> first = revocations.claimDue("a", LEASE, 10, 10);
        List<Claimed> second = revocations.claimDue("b", LEASE, 10, 10);

        assertThat(first).singleElement().satisfies(claimed -> {
            assertThat(claimed.revocation().id()).isEqualTo("rv-due");
            assertThat(claimed.revocation().token().reveal()).isEqualTo("token-of-rv-due");
            assertThat(claimed.revocation().tokenTypeHint()).isEqualTo("refresh_token");
            assertThat(claimed.revocation().connectionId()).isEqualTo("conn-rv-due");
        });
        assertThat(second).isEmpty();
    }

    @Test
    void retryAt_putsItBackLater_countingTheAttempt_andAStaleFenceChangesNothing() {
        PendingRevocations revocations = revocations();
        revocations.add(revocation("rv-retry", "acme", now().minusSeconds(5)));
        Claimed claimed = revocations.claimDue("a", LEASE, 10, 10).getFirst();

        assertThat(revocations.retryAt("rv-retry", claimed.fence() + 1, now().minusSeconds(1), "stale"))
                .isFalse();
        assertThat(revocations.retryAt("rv-retry", claimed.fence(), now().minusSeconds(1), "status 503")).isTrue();
        Claimed again = revocations.claimDue("b", LEASE, 10, 10).getFirst();

        assertThat(again.fence()).isGreaterThan(claimed.fence());
        assertThat(again.revocation().attempts()).isEqualTo(1);
        assertThat(again.revocation().lastError()).isEqualTo("status 503");
        assertThat(revocations.finish("rv-retry", claimed.fence())).as("the old holder's fence").isFalse();
        assertThat(revocations.finish("rv-retry", again.fence())).isTrue();
        assertThat(revocations.untilNextDue()).isEmpty();
    }

    @Test
    void claimDue_keepsToTheLimitAndThePerProviderBound() {
        PendingRevocations revocations = revocations();
        for (int i = 0; i < 3; i++) {
            revocations.add(revocation("rv-a" + i, "acme", now().minusSeconds(10 - i)));
            revocations.add(revocation("rv-g" + i, "globex", now().minusSeconds(10 - i)));
        }

        List<Claimed> claimed = revocations.claimDue("a", LEASE, 3, 2);

        assertThat(claimed).hasSize(3);
        assertThat(claimed.stream().filter(c -> c.revocation().providerKey().equals("acme")).count())
                .isLessThanOrEqualTo(2);
        assertThat(claimed.stream().filter(c -> c.revocation().providerKey().equals("globex")).count())
                .isLessThanOrEqualTo(2);
    }

    @Test
    void untilNextDue_isZeroForADueRevocation_andEmptyWhenThereIsNone() {
        PendingRevocations revocations = revocations();
        assertThat(revocations.untilNextDue()).isEmpty();

        revocations.add(revocation("rv-next", "acme", now().minusSeconds(1)));

        assertThat(revocations.untilNextDue()).contains(Duration.ZERO);
    }

    private Revocation revocation(String id, String provider, Instant due) {
        return new Revocation(id, provider, "conn-" + id, Secret.of("token-of-" + id), "refresh_token",
                now().minusSeconds(60), due, now().plus(Duration.ofDays(3)), 0, null);
    }
}
