package dev.tokenkeeper.server.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkeeper.postgres.setup.InvalidSettingException;
import dev.tokenkeeper.server.ServerSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code TOKENKEEPER_ACTION_RETENTION} and {@code TOKENKEEPER_ACTION_CONCURRENCY}, read like the other settings. */
class ActionSettingsTest {

    @Test
    void fromEnvironment_keepsBodies30Days_andSends16AtOnce_byDefault() {
        ActionSettings settings = ServerSettings.fromEnvironment(Map.of()).actions();

        assertThat(settings.retention()).isEqualTo(Duration.ofDays(30));
        assertThat(settings.concurrency()).isEqualTo(16);
    }

    @Test
    void fromEnvironment_readsBothVariables() {
        ActionSettings settings = ServerSettings.fromEnvironment(Map.of(ActionSettings.RETENTION, "72h",
                ActionSettings.CONCURRENCY, "4")).actions();

        assertThat(settings.retention()).isEqualTo(Duration.ofHours(72));
        assertThat(settings.concurrency()).isEqualTo(4);
    }

    @ParameterizedTest
    @CsvSource({"TOKENKEEPER_ACTION_RETENTION, soon", "TOKENKEEPER_ACTION_RETENTION, 0s",
            "TOKENKEEPER_ACTION_CONCURRENCY, 0", "TOKENKEEPER_ACTION_CONCURRENCY, many",
            "TOKENKEEPER_ACTION_CONCURRENCY, 1025"})
    void fromEnvironment_refusesABadValue_namingTheVariable(String variable, String value) {
        assertThatThrownBy(() -> ServerSettings.fromEnvironment(Map.of(variable, value)))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining(variable);
    }
}
