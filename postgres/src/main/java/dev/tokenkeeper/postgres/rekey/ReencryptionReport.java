package dev.tokenkeeper.postgres.rekey;

import java.util.List;

/**
 * What a re-encryption run did, column by column.
 *
 * @param primaryKeyId the key id values were re-encrypted under (the primary when the run ended)
 * @param columns      one report per column, in the order they were walked
 * @param stopped      true when the run was asked to stop before it was through
 */
public record ReencryptionReport(long primaryKeyId, List<ColumnReport> columns, boolean stopped) {
    public ReencryptionReport {
        columns = List.copyOf(columns);
    }

    public long reencrypted() {
        return columns.stream().mapToLong(ColumnReport::reencrypted).sum();
    }

    public long undecryptable() {
        return columns.stream().mapToLong(column -> column.undecryptable().size()).sum();
    }

    public long remaining() {
        return columns.stream().mapToLong(ColumnReport::remaining).sum();
    }

    /** True when every value that decrypts is under the primary key: the older keys serve only undecryptable ones. */
    public boolean isComplete() {
        return !stopped && remaining() == 0;
    }
}
