package dev.tokenkeeper.core.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BackoffTest {

    @ParameterizedTest
    @MethodSource("seeds")
    void delay_isNeverZero_evenForTheFirstAttempt(long seed) {
        SplittableRandom random = new SplittableRandom(seed);

        for (int draw = 0; draw < 200; draw++) {
            assertThat(Backoff.DEFAULT.delay(0, random)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
        }
    }

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 25);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void delay_staysBetweenFloorAndCeiling_forEveryAttempt(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Backoff backoff = new Backoff(Duration.ofMillis(1 + random.nextInt(2000)), Duration.ofMinutes(5));

        for (int attempt = 0; attempt < 40; attempt++) {
            long ceiling = Math.min(backoff.cap().toMillis(),
                    backoff.base().toMillis() * (1L << Math.min(attempt, 30)));
            assertThat(backoff.delay(attempt, random)).isBetween(Duration.ofMillis(ceiling / 2),
                    Duration.ofMillis(ceiling));
            assertThat(backoff.floor(attempt)).isEqualTo(Duration.ofMillis(ceiling / 2));
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void delay_isReproducible_forTheSameSeed(long seed) {
        Backoff backoff = Backoff.DEFAULT;

        assertThat(backoff.delay(3, new SplittableRandom(seed)))
                .isEqualTo(backoff.delay(3, new SplittableRandom(seed)));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void delay_spreadsOverTheUpperHalf_acrossDraws(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long ceiling = Backoff.DEFAULT.ceilingMillis(4);

        long[] draws = LongStream.range(0, 400).map(i -> Backoff.DEFAULT.delay(4, random).toMillis()).toArray();

        assertThat(LongStream.of(draws).min().orElseThrow()).isGreaterThanOrEqualTo(ceiling / 2)
                .isLessThan(ceiling * 6 / 10);
        assertThat(LongStream.of(draws).max().orElseThrow()).isGreaterThan(ceiling * 9 / 10);
    }
}
