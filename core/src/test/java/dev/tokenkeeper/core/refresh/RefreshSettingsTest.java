package dev.tokenkeeper.core.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RefreshSettingsTest {

    @Test
    void defaults_keepTheHttpDeadlineShorterThanTheLease() {
        RefreshSettings settings = RefreshSettings.defaults("i-1");

        assertThat(settings.httpDeadline().plus(RefreshSettings.MIN_COMMIT_GAP)).isLessThanOrEqualTo(
                settings.leaseTtl());
    }

    @Test
    void constructor_refuses_whenTheDeadlineDoesNotLeaveTimeToCommitUnderTheLease() {
        RefreshSettings settings = RefreshSettings.defaults("i-1");

        assertThatThrownBy(() -> settings.withTimings(Duration.ofSeconds(30), Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shorter than the lease");
        assertThatThrownBy(() -> settings.withTimings(Duration.ZERO, Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        assertThat(settings.withTimings(Duration.ofSeconds(5), Duration.ofSeconds(6)).leaseTtl())
                .isEqualTo(Duration.ofSeconds(6));
    }
}
