package dev.tokenkeeper.postgres.connection;

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
}
