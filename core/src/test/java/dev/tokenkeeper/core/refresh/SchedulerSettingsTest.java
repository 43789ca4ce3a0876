package dev.tokenkeeper.core.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SchedulerSettingsTest {

    @Test
    void constructor_acceptsTheDefaults() {
        SchedulerSettings defaults = SchedulerSettings.DEFAULT;

        assertThat(defaults.perProvider()).isLessThanOrEqualTo(defaults.maxConcurrent());
        assertThat(defaults.idleAfterMiss()).isLessThanOrEqualTo(defaults.pollInterval());
    }

    @Test
    void constructor_namesTheBadSetting_whenOneIsOutOfRange() {
        Duration second = Duration.ofSeconds(1);
        Duration tenth = Duration.ofMillis(100);

        assertThatThrownBy(() -> new SchedulerSettings(0, 1, second, tenth)).hasMessageContaining("maxConcurrent");
        assertThatThrownBy(() -> new SchedulerSettings(4, 5, second, tenth)).hasMessageContaining("perProvider");
        assertThatThrownBy(() -> new SchedulerSettings(4, 0, second, tenth)).hasMessageContaining("perProvider");
        assertThatThrownBy(() -> new SchedulerSettings(4, 2, Duration.ZERO, tenth))
                .hasMessageContaining("pollInterval");
        assertThatThrownBy(() -> new SchedulerSettings(4, 2, tenth, second)).hasMessageContaining("idleAfterMiss");
        assertThatThrownBy(() -> new SchedulerSettings(4, 2, second, tenth, Duration.ofMillis(-1)))
                .hasMessageContaining("batchWait");
        assertThatThrownBy(() -> new SchedulerSettings(4, 2, tenth, tenth, second)).hasMessageContaining("batchWait");
    }

    @Test
    void claimBatch_isAQuarterOfTheSlots_andAtLeastOne() {
        Duration second = Duration.ofSeconds(1);

        assertThat(SchedulerSettings.DEFAULT.claimBatch()).isEqualTo(SchedulerSettings.DEFAULT.maxConcurrent() / 4);
        assertThat(new SchedulerSettings(3, 1, second, second).claimBatch()).isEqualTo(1);
        assertThat(new SchedulerSettings(3, 1, second, second).batchWait())
                .isEqualTo(SchedulerSettings.DEFAULT_BATCH_WAIT);
    }
}
