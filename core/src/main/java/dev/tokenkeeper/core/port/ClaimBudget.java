package dev.tokenkeeper.core.port;

import java.util.Map;

/**
 * How much due work a claim may take: at most {@code total} items, and for each group (e.g. a provider) at most
 * {@code perGroup} running at once, counting the {@code busy} ones this instance already runs.
 *
 * @param total    the most items to claim now (free workers)
 * @param perGroup the most items of one group running at once on this instance
 * @param busy     per group, how many of its items this instance runs now
 */
public record ClaimBudget(int total, int perGroup, Map<String, Integer> busy) {
    public ClaimBudget {
        if (total < 0) {
            throw new IllegalArgumentException("total must not be negative");
        }
        if (perGroup < 1) {
            throw new IllegalArgumentException("perGroup must be at least 1");
        }
        busy = Map.copyOf(busy);
    }

    /** How many more items of {@code group} may be claimed now. */
    public int freeIn(String group) {
        return Math.max(0, perGroup - busy.getOrDefault(group, 0));
    }
}
