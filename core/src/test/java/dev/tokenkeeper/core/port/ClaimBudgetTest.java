package dev.tokenkeeper.core.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ClaimBudgetTest {

    @Test
    void freeIn_countsWhatTheGroupRunsAlready() {
        ClaimBudget budget = new ClaimBudget(10, 3, Map.of("busy", 2, "full", 3));

        assertThat(budget.freeIn("busy")).isEqualTo(1);
        assertThat(budget.freeIn("full")).isZero();
        assertThat(budget.freeIn("idle")).isEqualTo(3);
    }

    @Test
    void constructor_refusesANegativeTotalOrAnEmptyGroupBound() {
        assertThatThrownBy(() -> new ClaimBudget(-1, 1, Map.of())).hasMessageContaining("total");
        assertThatThrownBy(() -> new ClaimBudget(1, 0, Map.of())).hasMessageContaining("perGroup");
    }
}
