package dev.tokenkeeper.postgres.rekey;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A column of ciphertexts, described for re-encryption: its table, the key that orders and names its rows, and how
 * the associated data each value is bound to is built from its row.
 *
 * @param table          the table
 * @param keyColumn      the table's primary key (one column): the cursor of the walk, and how logs name a row
 * @param column         the {@code bytea} column of ciphertexts; null values are left alone
 * @param rowColumns     the further columns {@code associatedData} reads (may be empty)
 * @param associatedData builds a value's associated data from its row, which holds the key and the row columns
 */
public record EncryptedColumn(
        String table, String keyColumn, String column, List<String> rowColumns, AssociatedData associatedData) {
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

    public EncryptedColumn {
        // They are written into SQL, so they must be plain lower-case identifiers.
        requireIdentifier(table);
        requireIdentifier(keyColumn);
        requireIdentifier(column);
        rowColumns = List.copyOf(rowColumns);
        rowColumns.forEach(EncryptedColumn::requireIdentifier);
        Objects.requireNonNull(associatedData, "associatedData");
    }

    /** {@code table.column}, as logs and reports name it. */
    public String name() {
        return table + "." + column;
    }

    private static void requireIdentifier(String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain SQL identifier: " + name);
        }
    }

    /** Builds the associated data of the value in the current row of a result set. */
    @FunctionalInterface
    public interface AssociatedData {
        String of(ResultSet row) throws SQLException;
    }
}
