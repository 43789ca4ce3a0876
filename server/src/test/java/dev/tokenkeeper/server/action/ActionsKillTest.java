package dev.tokenkeeper.server.action;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 12's proof, small: {@value #CONNECTIONS} connections with {@value #PER_CONNECTION} actions each, their grants
 * revoked mid-run, two instances, every connection reconnected through a reconnect link, one instance killed with
 * SIGKILL during the replay while the provider holds one of its writes (see {@link ActionsChaos}).
 */
class ActionsKillTest {
    private static final Logger LOG = LoggerFactory.getLogger(ActionsKillTest.class);
    private static final int CONNECTIONS = 6;
    private static final int PER_CONNECTION = 10;

    @Test
    void everyActionRunsOnceInOrder_orIsSurfacedOutcomeUnknown_whenGrantsDieAndAnInstanceIsKilledDuringTheReplay()
            throws Exception {
        ChaosPlan plan = new ChaosPlan(CONNECTIONS, PER_CONNECTION, Duration.ofMinutes(10));

        ChaosReport report = ActionsChaos.run(plan);

        LOG.info("actions chaos, small:\n{}", report.table("ActionsKillTest"));
        assertNothingLost(report);
        assertThat(report.inFlightAtKill()).as("the killed instance's writes held by the provider at the kill")
                .isNotEmpty();
    }

    /** What every run must show, whatever its size: none lost, none twice, in order, never stale, no body logged. */
    static void assertNothingLost(ChaosReport report) {
        ChaosPlan plan = report.plan();
        assertThat(report.lost()).as("lost actions").isEmpty();
        assertThat(report.duplicates()).as("actions executed more than once").isEmpty();
        assertThat(report.orderViolations()).as("executions out of creation order").isEmpty();
        assertThat(report.staleCalls()).as("provider calls while stale").isEmpty();
        assertThat(report.logLeaks()).as("action bodies in the logs").isEmpty();
        assertThat(report.inFlightAtKillNotSurfaced()).as("in flight at the kill but not surfaced outcome_unknown")
                .isEmpty();
        assertThat(report.executedOnce() + report.outcomeUnknown()).isEqualTo(plan.actions());
        assertThat(report.staleButNotHeld()).as("actions created while their connection was stale start held")
                .isEmpty();
    }
}
