package dev.tokenkeeper.postgres.connection;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The connection side of a provider delete: inside the transaction that inserts a connection, it holds the provider's
 * row against a delete and tells whether the provider was deleted, so no connection is ever left pointing at a deleted
 * provider (the delete side is {@code PostgresProviderDirectory.delete}).
 */
final class ProviderGuard {
    private ProviderGuard() {}

    /**
     * True when the provider was deleted through the provider directory (the connection must not be created). A stored
     * provider's row is locked until the caller's transaction ends, so a delete waits for it and then counts the new
     * connection; a key never stored (the configs are kept elsewhere) is not refused.
     */
    static boolean deleted(java.sql.Connection db, String providerKey) throws SQLException {
        try (PreparedStatement lock = db.prepareStatement("select 1 from providers where key = ? for key share")) {
            lock.setString(1, providerKey);
            try (ResultSet row = lock.executeQuery()) {
                if (row.next()) {
                    return false;
                }
            }
        }
        // A new statement, so a delete committed while the lock above waited is seen.
        try (PreparedStatement tombstone = db.prepareStatement("select 1 from deleted_providers where key = ?")) {
            tombstone.setString(1, providerKey);
            try (ResultSet row = tombstone.executeQuery()) {
                return row.next();
            }
        }
    }
}
