package dev.tokenkeeper.postgres.rekey;

import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionLifecycle;
import dev.tokenkeeper.core.port.QuarantinedRefresh;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.token.TokenSet;
import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.postgres.TestCiphers;
import dev.tokenkeeper.postgres.TestDatabases;
import dev.tokenkeeper.postgres.connection.EncryptedConnectionColumns;
import dev.tokenkeeper.postgres.connection.PostgresConnectionStore;
import dev.tokenkeeper.postgres.crypto.KeysetFile;
import dev.tokenkeeper.postgres.crypto.TinkTokenCipher;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * A fresh database and keyset file as instance A holds them (pool, cipher, connection store), other instances on the
 * same database and keyset file, and ways to seed rows and read every stored ciphertext.
 */
final class RekeyFixture implements AutoCloseable {
    static final int QUARANTINED_EVERY = 25;
    static final int NO_REFRESH_TOKEN_EVERY = 10;

    final PostgresDatabase database = TestDatabases.fresh();
    final KeysetFile keysetFile = TestCiphers.keysetFile();
    final TinkTokenCipher cipher = TinkTokenCipher.open(keysetFile);
    final PostgresConnectionStore store = new PostgresConnectionStore(database, cipher);
    private final List<PostgresDatabase> otherPools = new ArrayList<>();

    /** Another instance: its own pool on the same database, its own cipher on the same keyset file. */
    Instance otherInstance() {
        PostgresDatabase pool = PostgresDatabase.open(database.jdbcUrl(), 10);
        otherPools.add(pool);
        TinkTokenCipher ownCipher = TinkTokenCipher.open(KeysetFile.at(keysetFile.path()));
        return new Instance(pool, ownCipher, new PostgresConnectionStore(pool, ownCipher));
    }

    /**
     * Creates {@code count} connections {@code c-0000}, {@code c-0001}… with the tokens {@code tokens} gives for
     * their index, and for every 25th a quarantined refresh holding the same tokens; returns their ids.
     */
    List<String> seed(int count, IntFunction<TokenSet> tokens) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = "c-%04d".formatted(i);
            TokenSet issued = tokens.apply(i);
            store.create(ConnectionLifecycle.created(id, "fake", issued, Map.of("n", "" + i), now, null));
            if (i % QUARANTINED_EVERY == 0) {
                store.quarantine(new QuarantinedRefresh(id, i, issued, now, "lease_lost"));
            }
            ids.add(id);
        }
        return ids;
    }

    /** As above, with {@link #tokens}: every tenth connection has no refresh token. */
    List<String> seed(int count) {
        return seed(count, RekeyFixture::tokens);
    }

    static TokenSet tokens(int i) {
        Instant issued = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Secret refresh = i % NO_REFRESH_TOKEN_EVERY == 0 ? null : Secret.of("rt-secret-" + i);
        return new TokenSet(Secret.of("at-secret-" + i), refresh, null, issued, issued.plusSeconds(3600),
                List.of("read"), Map.of("instance_url", "https://n" + i + ".example"));
    }

    Reencryption job(int batchSize) {
        return new Reencryption(database, cipher, EncryptedConnectionColumns.ALL, batchSize);
    }

    /** Every connection as {@code store} reads it, and its quarantined refreshes, by id. */
    static Map<String, Object> readAll(PostgresConnectionStore store, List<String> ids) {
        Map<String, Object> all = new LinkedHashMap<>();
        for (String id : ids) {
            all.put(id, store.find(id).orElseThrow());
            all.put(id + "/quarantined", store.quarantined(id));
        }
        return all;
    }

    Map<String, Object> readAll(List<String> ids) {
        return readAll(store, ids);
    }

    /** Every non-null ciphertext of every encrypted column, keyed {@code table.column/key}, as stored. */
    Map<String, byte[]> storedCiphertexts() {
        Map<String, byte[]> stored = new LinkedHashMap<>();
        for (EncryptedColumn column : EncryptedConnectionColumns.ALL) {
            database.withConnection(db -> {
                try (PreparedStatement select = db.prepareStatement("select " + column.keyColumn() + ", "
                        + column.column() + " from " + column.table() + " where " + column.column() + " is not null");
                        ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        stored.put(column.name() + "/" + row.getString(1), row.getBytes(2));
                    }
                }
                return null;
            });
        }
        return stored;
    }

    /** The stored ciphertexts {@code cipher} does not call current, by {@code table.column/key}. */
    List<String> notCurrent(TinkTokenCipher under) {
        return storedCiphertexts().entrySet().stream().filter(value -> !under.isCurrent(value.getValue()))
                .map(Map.Entry::getKey).toList();
    }

    /** How many values each column holds, by {@code table.column}. */
    Map<String, Long> valuesPerColumn() {
        Map<String, Long> counts = new LinkedHashMap<>();
        storedCiphertexts().keySet().forEach(key -> counts.merge(key.substring(0, key.indexOf('/')), 1L, Long::sum));
        return counts;
    }

    /** Locks a connection row as a commit in progress would, until the returned lock is released. */
    RowLock lockRow(String id) {
        try {
            java.sql.Connection db = database.dataSource().getConnection();
            db.setAutoCommit(false);
            try (PreparedStatement lock = db.prepareStatement("select id from connections where id = ? for update")) {
                lock.setString(1, id);
                lock.executeQuery().close();
            }
            return new RowLock(db);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    Connection find(String id) {
        return store.find(id).orElseThrow();
    }

    @Override
    public void close() {
        otherPools.forEach(PostgresDatabase::close);
        database.close();
    }

    /** A row lock held by an open transaction; releasing commits it, and releasing again does nothing. */
    record RowLock(java.sql.Connection db) {
        void release() {
            try {
                if (!db.isClosed()) {
                    db.commit();
                    db.close();
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** One more instance of the service on the shared database and keyset file. */
    record Instance(PostgresDatabase database, TinkTokenCipher cipher, PostgresConnectionStore store) {}
}
