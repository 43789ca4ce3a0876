package dev.tokenkeeper.postgres.instances;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkeeper.postgres.instances.GetSummary.Kind;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class GetSummaryTest {

    @Test
    void parse_readsWhatFormatWrote_whenSeveralKindsFingerprintsAndReasonsArePresent() {
        GetSummary summary = new GetSummary(Map.of(Kind.FRESH, 7, Kind.UNAVAILABLE, 2, Kind.FAILED, 1),
                new TreeSet<>(Set.of("sha256:aaaaaaaaaaaa", "sha256:bbbbbbbbbbbb")),
                new TreeMap<>(Map.of("refresh_in_progress", 2, "IllegalStateException", 1)));

        String line = summary.format();

        assertThat(line).isEqualTo("fresh=7 stale=0 unavailable=2 not_found=0 failed=1 timed_out=0"
                + " fingerprints=sha256:aaaaaaaaaaaa,sha256:bbbbbbbbbbbb"
                + " reasons=IllegalStateException:1,refresh_in_progress:2");
        assertThat(GetSummary.parse(line)).isEqualTo(summary);
        assertThat(GetSummary.parse(line).total()).isEqualTo(10);
    }

    @Test
    void parse_readsEmptyLists_whenNoTokenWasServed() {
        GetSummary summary = GetSummary.parse("fresh=0 stale=0 unavailable=0 not_found=3 failed=0 timed_out=0"
                + " fingerprints= reasons=");

        assertThat(summary.count(Kind.NOT_FOUND)).isEqualTo(3);
        assertThat(summary.fingerprints()).isEmpty();
        assertThat(summary.reasons()).isEmpty();
    }

    @Test
    void parse_namesTheMissingWord_whenAKindIsMissing() {
        assertThatThrownBy(() -> GetSummary.parse("fresh=1 fingerprints= reasons="))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("without stale");
    }
}
