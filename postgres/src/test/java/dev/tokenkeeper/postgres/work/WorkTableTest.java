package dev.tokenkeeper.postgres.work;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WorkTableTest {

    @ParameterizedTest
    @ValueSource(strings = {"Connections", "connections; drop table x", "1table", ""})
    void constructor_refusesANameThatIsNotAPlainIdentifier_sinceItIsWrittenIntoSql(String name) {
        assertThatThrownBy(() -> new WorkTable(name, "id", "due_at", "provider_key", "true"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("table");
    }
}
