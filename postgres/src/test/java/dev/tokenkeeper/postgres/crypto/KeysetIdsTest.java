package dev.tokenkeeper.postgres.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeysetIdsTest {

    @Test
    void constructorRejects_whenThePrimaryIsNotAmongTheKeys() {
        assertThatThrownBy(() -> new KeysetIds(3, List.of(1L, 2L)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("primary key id 3");
    }

    @Test
    void constructorRejects_whenAnIdIsNotAnUnsigned32BitValue() {
        assertThatThrownBy(() -> new KeysetIds(-1, List.of(-1L))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeysetIds(1L << 32, List.of(1L << 32))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void allIsACopy_whenTheGivenListChangesLater() {
        List<Long> ids = new ArrayList<>(List.of(4_106_305_256L));
        KeysetIds keysetIds = new KeysetIds(4_106_305_256L, ids);

        ids.add(7L);

        assertThat(keysetIds.all()).containsExactly(4_106_305_256L);
    }
}
