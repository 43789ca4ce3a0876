package dev.tokenkeeper.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.client.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@code Retry-After} in both of its forms, and the policy that decides whether to wait it. */
class RetryAfterParseTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void parse_readsDelaySeconds() {
        assertThat(RetryAfter.parse("120", NOW)).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void parse_readsAnHttpDate_asTheTimeUntilIt() {
        assertThat(RetryAfter.parse("Sun, 01 Mar 2026 12:00:45 GMT", NOW)).isEqualTo(Duration.ofSeconds(45));
        assertThat(RetryAfter.parse("Sun, 01 Mar 2026 11:00:00 GMT", NOW)).isEqualTo(Duration.ZERO);
    }

    @Test
    void parse_answersNull_whenAbsentOrUnreadable() {
        assertThat(RetryAfter.parse(null, NOW)).isNull();
        assertThat(RetryAfter.parse("soon", NOW)).isNull();
        assertThat(RetryAfter.parse("-5", NOW)).isNull();
    }

    @Test
    void policy_allowsAWait_onlyWithinItsRetriesAndItsCap() {
        RetryPolicy policy = new RetryPolicy(2, Duration.ofSeconds(30));

        assertThat(policy.allows(0, Duration.ZERO, Duration.ofSeconds(30))).isTrue();
        assertThat(policy.allows(0, Duration.ZERO, Duration.ofSeconds(31))).isFalse();
        assertThat(policy.allows(1, Duration.ofSeconds(20), Duration.ofSeconds(20))).isFalse();
        assertThat(policy.allows(2, Duration.ZERO, Duration.ofSeconds(1))).isFalse();
    }
}
