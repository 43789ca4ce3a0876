package dev.tokenkeeper.core.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkeeper.core.token.ExpiryPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    @Test
    void defaults_run16RefreshesAhead_andTheWithersKeepTheNumber() {
        RefreshSettings settings = RefreshSettings.defaults("i-1");

        assertThat(settings.refreshesAhead()).isEqualTo(16);
        RefreshSettings one = settings.withRefreshesAhead(1);
        assertThat(one.refreshesAhead()).isEqualTo(1);
        assertThat(one.withTimings(Duration.ofSeconds(5), Duration.ofSeconds(6)).refreshesAhead()).isEqualTo(1);
        assertThat(one.withEscalation(Escalation.DEFAULT).refreshesAhead()).isEqualTo(1);
        assertThat(settings.withRefreshesAhead(1024).refreshesAhead()).isEqualTo(1024);
        assertThat(new RefreshSettings("i-1", Duration.ofSeconds(10), Duration.ofSeconds(30), ExpiryPolicy.DEFAULT,
                Backoff.DEFAULT).refreshesAhead()).isEqualTo(16);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 1025, Integer.MAX_VALUE})
    void constructor_refuses_whenRefreshesAheadIsOutsideOneTo1024(int refreshesAhead) {
        RefreshSettings settings = RefreshSettings.defaults("i-1");

        assertThatThrownBy(() -> settings.withRefreshesAhead(refreshesAhead))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("refreshesAhead must be from 1 to 1024, not " + refreshesAhead);
    }
}
