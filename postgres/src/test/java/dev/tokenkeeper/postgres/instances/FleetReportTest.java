package dev.tokenkeeper.postgres.instances;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.refresh.SchedulerSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FleetReportTest {
    private static final Instant START = Instant.parse("2026-12-05T06:00:00Z");

    @Test
    void bars_hold_whenRefreshesKeepUpAndLagAndHeapStayUnderTheirBars() {
        FleetReport report = report(100, 990, List.of(0L, 10L, 900L), Map.of("instance-1", 40L));

        assertThat(report.refreshesPerSecond()).isEqualTo(99.0);
        assertThat(report.holds()).isTrue();
        assertThat(report.markdown()).contains("| 1,000 | 100.0 | 99.0 (0.99) | 10 / 900 / 900 (3) | 40 |");
    }

    @Test
    void bars_fail_whenThe99thPercentileLagReachesOneSecond() {
        List<Long> lags = IntStream.range(0, 100).mapToObj(i -> i < 98 ? 5L : 1500L).toList();

        FleetReport report = report(100, 1000, lags, Map.of("instance-1", 40L));

        assertThat(report.lagPercentileMs(50)).isEqualTo(5);
        assertThat(report.lagPercentileMs(99)).isEqualTo(1500);
        assertThat(report.holds()).isFalse();
    }

    @Test
    void bars_fail_whenRefreshesFallBehindTheDueRate_orAHeapHasNoLog() {
        assertThat(report(100, 900, List.of(0L), Map.of("instance-1", 40L)).holds()).isFalse();
        assertThat(report(100, 1000, List.of(0L), Map.of("instance-1", -1L)).holds()).isFalse();
    }

    /** A report over 10 s with {@code refreshes} done at {@code dueRate}, the given lags and heaps. */
    private static FleetReport report(double dueRate, long refreshes, List<Long> lagsMs, Map<String, Long> heaps) {
        FleetProbe.Reading first = new FleetProbe.Reading(START, 0, Map.of("postgresql", Duration.ZERO), "1 1 1");
        FleetProbe.Reading last = new FleetProbe.Reading(START.plusSeconds(10), refreshes,
                Map.of("postgresql", Duration.ofSeconds(5)), "1 1 1");
        List<BacklogWatch.BacklogSample> samples = lagsMs.stream().map(ms -> new BacklogWatch.BacklogSample(START,
                "c", Duration.ofMillis(ms), null, Duration.ZERO)).toList();
        return new FleetReport(1000, Duration.ofSeconds(10), Duration.ofSeconds(1), dueRate,
                SchedulerSettings.DEFAULT, 16, first, last, samples, heaps, Map.of("database", 10.0, "connections",
                        5.0), Map.of(), List.of(), 0, Map.of());
    }
}
