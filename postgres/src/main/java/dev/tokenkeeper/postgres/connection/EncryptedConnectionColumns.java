package dev.tokenkeeper.postgres.connection;

import dev.tokenkeeper.postgres.rekey.EncryptedColumn;
import java.util.List;

/** The encrypted columns of the connection tables, described for re-encryption with the associated data they use. */
public final class EncryptedConnectionColumns {
    /** The tokens a refresh answer held after its holder lost the lease, bound to the connection and fence. */
    public static final EncryptedColumn QUARANTINED_TOKENS = new EncryptedColumn("quarantined_refreshes", "id",
            "tokens", List.of("connection_id", "fence"),
            row -> PostgresConnectionStore.quarantineAad(row.getString("connection_id"), row.getLong("fence")));

    /** {@code connections.access_token}, {@code refresh_token} and {@code raw}, then the quarantined tokens. */
    public static final List<EncryptedColumn> ALL = List.of(FieldAad.ACCESS_TOKEN.column(),
            FieldAad.REFRESH_TOKEN.column(), FieldAad.RAW.column(), QUARANTINED_TOKENS);

    private EncryptedConnectionColumns() {}
}
