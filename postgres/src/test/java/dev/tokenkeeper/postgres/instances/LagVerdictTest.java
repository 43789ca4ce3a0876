package dev.tokenkeeper.postgres.instances;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.postgres.ExpiryWatch.Expired;
import dev.tokenkeeper.postgres.instances.BacklogWatch.BacklogSample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chaos test's judgement of an expired token: the product's fault unless measured lag and a warning excuse it. */
class LagVerdictTest {
    private static final Instant DUE = Instant.parse("2026-12-04T12:00:00Z");
    private static final Map<String, Expired> EXPIRED = Map.of("c-1", new Expired(DUE.plusSeconds(10), DUE));
    private static final Duration ALLOWANCE = Duration.ofSeconds(2);
    private static final Duration PROMISED = Duration.ofSeconds(10);
    private static final List<TimedLine> WARNED = List.of(new TimedLine(DUE.plusSeconds(3), "instance-1",
            "refresh_scheduler_lag lag=6.0s above=5s"));

    private static BacklogSample waiting(long secondsAfterDue, String id, long waitSeconds) {
        return new BacklogSample(DUE.plusSeconds(secondsAfterDue), id, Duration.ofSeconds(waitSeconds), null,
                Duration.ZERO);
    }

    @Test
    void blamesTheProduct_whenNothingElseWaitedLong() {
        LagVerdict verdict = LagVerdict.judge(EXPIRED, List.of(waiting(1, "c-2", 1), waiting(5, "c-3", 2)), WARNED,
                ALLOWANCE, PROMISED);

        assertThat(verdict.excused()).isEmpty();
        assertThat(verdict.unexcused()).containsOnlyKeys("c-1");
    }

    @Test
    void blamesTheProduct_whenOnlyTheExpiredConnectionItselfWaited() {
        LagVerdict verdict = LagVerdict.judge(EXPIRED, List.of(waiting(9, "c-1", 9)), WARNED, ALLOWANCE, PROMISED);

        assertThat(verdict.unexcused()).containsOnlyKeys("c-1");
    }

    @Test
    void blamesTheProduct_whenTheLagWasThereButNoInstanceWarnedOfIt() {
        LagVerdict verdict = LagVerdict.judge(EXPIRED, List.of(waiting(8, "c-2", 9)), List.of(), ALLOWANCE, PROMISED);

        assertThat(verdict.unexcused()).hasEntrySatisfying("c-1", why -> assertThat(why).contains("no instance logged"));
    }

    @Test
    void blamesTheProduct_whenTheLagCameOutsideTheTokensMargin() {
        LagVerdict verdict = LagVerdict.judge(EXPIRED, List.of(waiting(-5, "c-2", 30), waiting(15, "c-2", 30)),
                WARNED, ALLOWANCE, PROMISED);

        assertThat(verdict.unexcused()).containsOnlyKeys("c-1");
    }

    @Test
    void blamesTheProduct_whenTheRefreshWasNeverDueBeforeExpiry() {
        LagVerdict verdict = LagVerdict.judge(Map.of("c-1", new Expired(DUE, DUE.plusSeconds(1))),
                List.of(waiting(0, "c-2", 60)), WARNED, ALLOWANCE, PROMISED);

        assertThat(verdict.unexcused()).containsOnlyKeys("c-1");
    }

    @Test
    void blamesTheProduct_whenTheRefreshWasDueLaterThanThePolicyPromises_whateverTheLag() {
        LagVerdict verdict = LagVerdict.judge(Map.of("c-1", new Expired(DUE.plusSeconds(4), DUE)),
                List.of(waiting(1, "c-2", 60)), WARNED, ALLOWANCE, PROMISED);

        assertThat(verdict.unexcused()).hasEntrySatisfying("c-1", why -> assertThat(why).contains("policy promises"));
    }

    @Test
    void excusesTheExpiry_whenOtherDueWorkWaitedAsLongAsTheMarginAllowed_andAnInstanceWarned() {
        LagVerdict verdict = LagVerdict.judge(EXPIRED, List.of(waiting(2, "c-2", 3), waiting(8, "c-2", 8)), WARNED,
                ALLOWANCE, PROMISED);

        assertThat(verdict.unexcused()).isEmpty();
        assertThat(verdict.excused()).containsOnlyKeys("c-1");
    }
}
