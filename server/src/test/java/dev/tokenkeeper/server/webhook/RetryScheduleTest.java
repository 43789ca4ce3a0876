package dev.tokenkeeper.server.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    @Test
    void standard_triesEightTimes_overAboutTwentyEightHours_withinTwentyPercentJitter() {
        Random random = new Random(7);
        List<Duration> nominal = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30),
                Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(10));

        assertThat(RetrySchedule.STANDARD.maxAttempts()).isEqualTo(8);
        for (int failed = 1; failed <= 7; failed++) {
            Duration delay = RetrySchedule.STANDARD.delayAfter(failed, random).orElseThrow();
            Duration expected = nominal.get(failed - 1);
            assertThat(delay).isBetween(expected.multipliedBy(8).dividedBy(10),
                    expected.multipliedBy(12).dividedBy(10));
        }
        assertThat(RetrySchedule.STANDARD.delayAfter(8, random)).as("given up after the eighth").isEmpty();
        assertThat(nominal.stream().reduce(Duration.ZERO, Duration::plus))
                .isEqualTo(Duration.ofHours(27).plusMinutes(35).plusSeconds(5));
    }

    @Test
    void delayAfter_spreadsTheWaits_whenJittered() {
        Random random = new Random(11);

        assertThat(IntStream.range(0, 20)
                .mapToObj(i -> RetrySchedule.STANDARD.delayAfter(2, random).orElseThrow()).distinct().count())
                .isGreaterThan(10);
    }

    @Test
    void aSchedule_refusesNegativeWaitsAndJitterOfOneOrMore() {
        assertThatThrownBy(() -> new RetrySchedule(List.of(Duration.ofSeconds(-1)), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetrySchedule(List.of(Duration.ofSeconds(1)), 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
