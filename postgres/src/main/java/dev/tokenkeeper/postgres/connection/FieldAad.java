package dev.tokenkeeper.postgres.connection;

import dev.tokenkeeper.postgres.rekey.EncryptedColumn;
import java.util.List;

/** The associated data binding an encrypted column value to its connection and field. */
enum FieldAad {
    ACCESS_TOKEN("access_token"),
    REFRESH_TOKEN("refresh_token"),
    RAW("raw");

    private final String field;

    FieldAad(String field) {
        this.field = field;
    }

    String of(String connectionId) {
        return "connection:" + connectionId + ":" + field;
    }

    /** The column of {@code connections} holding this field, named like it, for re-encryption. */
    EncryptedColumn column() {
        return new EncryptedColumn("connections", "id", field, List.of(), row -> of(row.getString("id")));
    }
}
