package dev.tokenkeeper.core.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {
    private static final Instant RECEIVED = Instant.parse("2025-03-01T10:00:00Z");

    @ParameterizedTest
    @CsvSource({"120, 120", "' 7 ', 7", "1.2, 2", "0.1, 1", "3600, 3600"})
    void parse_readsDeltaSeconds(String value, long seconds) {
        assertThat(RetryAfter.parse(value, RECEIVED)).contains(Duration.ofSeconds(seconds));
    }

    @Test
    void parse_countsHttpDateFromReceipt() {
        assertThat(RetryAfter.parse("Sat, 01 Mar 2025 10:02:30 GMT", RECEIVED)).contains(Duration.ofSeconds(150));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0.0", "000", "Sat, 01 Mar 2025 09:00:00 GMT", "Sat, 01 Mar 2025 10:00:00 GMT",
        "Thu, 01 Jan 1970 00:00:00 GMT"})
    void parse_givesEmpty_whenTheWaitIsZeroOrInThePast(String value) {
        assertThat(RetryAfter.parse(value, RECEIVED)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"86401", "1740823200", "99999999999999999999999999", "Fri, 01 Mar 2030 10:00:00 GMT"})
    void parse_givesEmpty_whenTheWaitIsBeyondADay(String value) {
        assertThat(RetryAfter.parse(value, RECEIVED)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"3601", "86400", "Sun, 02 Mar 2025 09:00:00 GMT"})
    void parse_clampsToOneHour_whenTheWaitIsLongButPlausible(String value) {
        assertThat(RetryAfter.parse(value, RECEIVED)).contains(RetryAfter.MAX).contains(Duration.ofHours(1));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "  ", "soon", "-5", "1e3", "12s", "0x10", "2025-03-01T10:02:00Z",
        "Sat, 99 Mar 2025 10:00:00 GMT"})
    void parse_givesEmpty_whenValueIsMissingOrGarbage(String value) {
        assertThat(RetryAfter.parse(value, RECEIVED)).isEmpty();
    }
}
