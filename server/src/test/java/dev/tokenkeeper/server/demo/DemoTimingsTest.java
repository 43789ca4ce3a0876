package dev.tokenkeeper.server.demo;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DemoTimingsTest {

    @Test
    void constructor_refusesAReconnectBeforeTheRevocation() {
        assertThatThrownBy(() -> timings(Duration.ofSeconds(4), Duration.ofSeconds(40), Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reconnectAt");
    }

    @Test
    void constructor_refusesTokensShorterThanTwoSeconds_orALongestShorterThanTheShortest() {
        assertThatThrownBy(() -> timings(Duration.ofSeconds(1), Duration.ofSeconds(40), Duration.ofSeconds(70)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("token lifetimes");
        assertThatThrownBy(() -> new DemoTimings(Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(20),
                Duration.ofSeconds(5), Duration.ofSeconds(25), Duration.ofSeconds(40), Duration.ofSeconds(70),
                Duration.ofSeconds(10))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("longestToken");
    }

    @Test
    void constructor_namesTheFieldThatIsNotPositive() {
        assertThatThrownBy(() -> new DemoTimings(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ZERO,
                Duration.ofSeconds(5), Duration.ofSeconds(25), Duration.ofSeconds(40), Duration.ofSeconds(70),
                Duration.ofSeconds(10))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("throttleEvery");
    }

    private static DemoTimings timings(Duration shortestToken, Duration revokeAt, Duration reconnectAt) {
        return new DemoTimings(shortestToken, Duration.ofSeconds(60), Duration.ofSeconds(20), Duration.ofSeconds(5),
                Duration.ofSeconds(25), revokeAt, reconnectAt, Duration.ofSeconds(10));
    }
}
