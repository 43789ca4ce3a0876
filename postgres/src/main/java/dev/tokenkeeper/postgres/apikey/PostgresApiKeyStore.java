package dev.tokenkeeper.postgres.apikey;

import dev.tokenkeeper.core.apikey.ApiKeyRecord;
import dev.tokenkeeper.core.port.ApiKeyStore;
import dev.tokenkeeper.postgres.PostgresDatabase;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@link ApiKeyStore} on PostgreSQL, in the {@code api_keys} table: the SHA-256 of each key, never the key. */
public final class PostgresApiKeyStore implements ApiKeyStore {
    private static final String COLUMNS = "id, label, sha256, created_at";

    private final PostgresDatabase database;

    public PostgresApiKeyStore(PostgresDatabase database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public void add(ApiKeyRecord key) {
        boolean inserted = database.withConnection(db -> {
            try (PreparedStatement insert = db.prepareStatement("insert into api_keys (" + COLUMNS + ")"
                    + " values (?, ?, ?, ?) on conflict do nothing")) {
                insert.setString(1, key.id());
                insert.setString(2, key.label());
                insert.setBytes(3, key.sha256());
                insert.setTimestamp(4, Timestamp.from(key.createdAt()));
                return insert.executeUpdate() == 1;
            }
        });
        // A second statement, so that it sees a row another instance added at the same time as this one.
        if (!inserted && findByHash(key.sha256()).isEmpty()) {
            throw new IllegalArgumentException("api key id " + key.id() + " is taken by another key");
        }
    }

    @Override
    public Optional<ApiKeyRecord> findByHash(byte[] sha256) {
        return database.withConnection(db -> {
            try (PreparedStatement select = db.prepareStatement(
                    "select " + COLUMNS + " from api_keys where sha256 = ?")) {
                select.setBytes(1, sha256);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(read(row)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<ApiKeyRecord> list() {
        return database.withConnection(db -> {
            try (PreparedStatement select = db.prepareStatement(
                    "select " + COLUMNS + " from api_keys order by created_at, id collate \"C\"");
                    ResultSet rows = select.executeQuery()) {
                List<ApiKeyRecord> keys = new ArrayList<>();
                while (rows.next()) {
                    keys.add(read(rows));
                }
                return keys;
            }
        });
    }

    @Override
    public boolean delete(String id) {
        return database.withConnection(db -> {
            try (PreparedStatement delete = db.prepareStatement("delete from api_keys where id = ?")) {
                delete.setString(1, id);
                return delete.executeUpdate() > 0;
            }
        });
    }

    private static ApiKeyRecord read(ResultSet row) throws SQLException {
        return new ApiKeyRecord(row.getString("id"), row.getString("label"), row.getBytes("sha256"),
                row.getTimestamp("created_at").toInstant());
    }
}
