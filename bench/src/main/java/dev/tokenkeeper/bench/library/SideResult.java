package dev.tokenkeeper.bench.library;

import java.util.Objects;

/**
 * What one side came to in one scenario.
 *
 * @param name         the side, for the table
 * @param gets         its measured gets
 * @param refreshCalls refresh requests the provider received for its grants during the measured phases
 * @param revoked      its grants the provider revoked (refresh token reuse detected), over the whole run
 */
record SideResult(String name, GetTally gets, long refreshCalls, long revoked) {
    SideResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(gets, "gets");
        if (refreshCalls < 0 || revoked < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }
}
