package dev.tokenkeeper.postgres.rekey;

import java.util.List;
import java.util.Objects;

/**
 * What a re-encryption did to one column.
 *
 * @param column        {@code table.column}
 * @param reencrypted   values moved under the primary key
 * @param batches       transactions that re-encrypted at least one value
 * @param undecryptable the keys of the rows whose value does not decrypt (corrupted, swapped, unknown key): skipped
 * @param remaining     values still under an older key when the run ended, the undecryptable ones not counted
 */
public record ColumnReport(String column, long reencrypted, long batches, List<String> undecryptable, long remaining) {
    public ColumnReport {
        Objects.requireNonNull(column, "column");
        undecryptable = List.copyOf(undecryptable);
        if (reencrypted < 0 || batches < 0 || remaining < 0) {
            throw new IllegalArgumentException("counts cannot be negative");
        }
    }
}
