package dev.tokenkeeper.core.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The observed due-work lag: a decaying maximum of how late claims came, and the few log lines it writes. */
class DueWorkLagTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-04T12:00:00Z"));
    private final InstantSource clock = now::get;
    private final List<String> lines = new ArrayList<>();
    private final DueWorkLag lag = new DueWorkLag(clock, lines::add);

    private void advance(Duration by) {
        now.set(now.get().plus(by));
    }

    @Test
    void observesNoLag_whenClaimsComeOnTimeOrEarly() {
        lag.record(Duration.ZERO);
        lag.record(Duration.ofSeconds(-3));

        assertThat(lag.observed()).isZero();
        assertThat(lines).isEmpty();
    }

    @Test
    void keepsTheLargestLateness_andHalvesItEveryHalfLife() {
        lag.record(Duration.ofSeconds(2));
        lag.record(Duration.ofSeconds(12));
        lag.record(Duration.ofSeconds(4));
        assertThat(lag.observed()).isEqualTo(Duration.ofSeconds(12));

        advance(DueWorkLag.HALF_LIFE);
        assertThat(lag.observed()).isBetween(Duration.ofMillis(5_999), Duration.ofMillis(6_001));

        lag.record(Duration.ofSeconds(5));
        assertThat(lag.observed()).as("a smaller lateness does not replace a larger decayed one")
                .isBetween(Duration.ofMillis(5_999), Duration.ofMillis(6_001));
        lag.record(Duration.ofSeconds(9));
        assertThat(lag.observed()).isEqualTo(Duration.ofSeconds(9));
    }

    @Test
    void logsOneLinePerThresholdCrossedUpward_andOneOnRecovery_neverPerClaim() {
        for (int i = 0; i < 100; i++) {
            lag.record(Duration.ofSeconds(1));
        }
        assertThat(lines).isEmpty();

        for (int i = 0; i < 100; i++) {
            lag.record(Duration.ofSeconds(6));
        }
        assertThat(lines).singleElement().asString().startsWith("refresh_scheduler_lag lag=6.0s above=5s")
                .contains("at least 12.0s before expiry");

        lag.record(Duration.ofSeconds(40));
        lag.record(Duration.ofMinutes(3));
        lag.record(Duration.ofMinutes(3));
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).contains("above=30s");
        assertThat(lines.get(2)).contains("above=120s");

        advance(DueWorkLag.HALF_LIFE.multipliedBy(4));
        lag.observed();
        assertThat(lines).as("still above half the lowest threshold: no recovery yet").hasSize(3);

        advance(DueWorkLag.HALF_LIFE.multipliedBy(3));
        lag.observed();
        lag.observed();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(3)).startsWith("refresh_scheduler_lag_recovered lag=1.4s");

        lag.record(Duration.ofSeconds(7));
        assertThat(lines).as("a new episode warns again").hasSize(5);
        assertThat(lines.get(4)).contains("above=5s");
    }
}
