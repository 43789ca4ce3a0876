package dev.tokenkeeper.server.action;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Exponential backoff with full jitter, and a provider's Retry-After that may only lengthen it. */
class BackoffTest {
    private static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(5), Duration.ofHours(1));
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void ceiling_doublesFrom5Seconds_upTo1Hour() {
        assertThat(BACKOFF.ceiling(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(BACKOFF.ceiling(2)).isEqualTo(Duration.ofSeconds(10));
        assertThat(BACKOFF.ceiling(4)).isEqualTo(Duration.ofSeconds(40));
        assertThat(BACKOFF.ceiling(20)).isEqualTo(Duration.ofHours(1));
        assertThat(BACKOFF.ceiling(1000)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void next_staysWithinTheCeiling_andSpreadsOverIt() {
        Random random = new Random(7);
        List<Duration> waits = java.util.stream.IntStream.range(0, 200)
                .mapToObj(i -> Duration.between(NOW, BACKOFF.next(NOW, 3, Optional.empty(), random))).toList();

        assertThat(waits).allSatisfy(wait -> assertThat(wait).isBetween(Duration.ZERO, Duration.ofSeconds(20)));
        assertThat(waits).anyMatch(wait -> wait.compareTo(Duration.ofSeconds(5)) < 0)
                .anyMatch(wait -> wait.compareTo(Duration.ofSeconds(15)) > 0);
    }

    @Test
    void next_waitsForRetryAfter_whenItIsLonger_butNeverLessThanTheBackoff() {
        Random random = new Random(7);

        assertThat(BACKOFF.next(NOW, 1, Optional.of(Duration.ofMinutes(10)), random))
                .isEqualTo(NOW.plus(Duration.ofMinutes(10)));
        Instant soon = BACKOFF.next(NOW, 12, Optional.of(Duration.ofSeconds(1)), new Random(7));
        assertThat(soon).isEqualTo(BACKOFF.next(NOW, 12, Optional.empty(), new Random(7)));
    }

    @Test
    void retryAfter_readsSecondsAndHttpDates_clampedTo1SecondAnd1Hour() {
        String inTwoMinutes = DateTimeFormatter.RFC_1123_DATE_TIME
                .format(NOW.plusSeconds(120).atOffset(ZoneOffset.UTC));

        assertThat(BACKOFF.retryAfter(Map.of("retry-after", List.of("30")), NOW)).contains(Duration.ofSeconds(30));
        assertThat(BACKOFF.retryAfter(Map.of("retry-after", List.of(inTwoMinutes)), NOW))
                .contains(Duration.ofMinutes(2));
        assertThat(BACKOFF.retryAfter(Map.of("retry-after", List.of("0")), NOW)).contains(Duration.ofSeconds(1));
        assertThat(BACKOFF.retryAfter(Map.of("retry-after", List.of("999999")), NOW)).contains(Duration.ofHours(1));
        assertThat(BACKOFF.retryAfter(Map.of("retry-after", List.of("soon")), NOW)).isEmpty();
        assertThat(BACKOFF.retryAfter(Map.of(), NOW)).isEmpty();
    }
}
