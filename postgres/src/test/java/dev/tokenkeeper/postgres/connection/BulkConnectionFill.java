package dev.tokenkeeper.postgres.connection;

import dev.tokenkeeper.core.port.TokenCipher;
import dev.tokenkeeper.postgres.PostgresDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Fills the {@code connections} table fast with real, decryptable active connections: each row's tokens encrypted
 * with the deployment's cipher and the store's own associated data (connection id and field), in parallel, and
 * inserted {@value #BATCH} rows per statement ({@code unnest} of arrays); no events are written. For benchmarks of
 * many connections, where creating each through the store would take one durable commit per row.
 */
public final class BulkConnectionFill {
    private static final int BATCH = 5_000;
    private static final String INSERT = """
            insert into connections (id, provider_key, state, access_token, refresh_token, raw, token_type,
                issued_at, expires_at, scopes, generation, next_refresh_at, metadata, created_at, updated_at, granted_at)
            select id, provider, 'active', access, refresh, raw, 'Bearer', issued, expires, '{}', 1, due, '{}',
                   issued, issued, issued
            from unnest(?::text[], ?::text[], ?::bytea[], ?::bytea[], ?::bytea[], ?::timestamptz[], ?::timestamptz[],
                        ?::timestamptz[]) as r(id, provider, access, refresh, raw, issued, expires, due)
            """;

    /** One connection to insert: its tokens in plain text (encrypted here), lifetime and next refresh time. */
    public record Row(String id, String providerKey, String accessToken, String refreshToken, Instant issuedAt,
            Instant expiresAt, Instant nextRefreshAt) {}

    private BulkConnectionFill() {}

    /**
     * Inserts rows {@code 0 … count-1} made by {@code row}, encrypting on {@code threads} threads, then vacuums and
     * analyzes the table as autovacuum would have.
     */
    public static void fill(PostgresDatabase database, TokenCipher cipher, int count, int threads,
            IntFunction<Row> row) {
        byte[] raw = RecordJson.raw(Map.of());
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> batches = new ArrayList<>();
            for (int start = 0; start < count; start += BATCH) {
                int from = start;
                int to = Math.min(count, start + BATCH);
                batches.add(pool.submit(() -> insert(database, cipher, raw, from, to, row)));
            }
            for (Future<?> batch : batches) {
                batch.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while filling", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a fill batch failed", e.getCause());
        }
        database.withConnection(db -> {
            try (Statement statement = db.createStatement()) {
                statement.execute("vacuum (analyze) connections");
            }
            return null;
        });
    }

    private static Void insert(PostgresDatabase database, TokenCipher cipher, byte[] raw, int from, int to,
            IntFunction<Row> make) {
        int size = to - from;
        String[] ids = new String[size];
        String[] providers = new String[size];
        byte[][] access = new byte[size][];
        byte[][] refresh = new byte[size][];
        byte[][] raws = new byte[size][];
        Timestamp[] issued = new Timestamp[size];
        Timestamp[] expires = new Timestamp[size];
        Timestamp[] due = new Timestamp[size];
        for (int i = 0; i < size; i++) {
            Row row = make.apply(from + i);
            ids[i] = row.id();
            providers[i] = row.providerKey();
            access[i] = cipher.encrypt(row.accessToken().getBytes(StandardCharsets.UTF_8),
                    FieldAad.ACCESS_TOKEN.of(row.id()));
            refresh[i] = cipher.encrypt(row.refreshToken().getBytes(StandardCharsets.UTF_8),
                    FieldAad.REFRESH_TOKEN.of(row.id()));
            raws[i] = cipher.encrypt(raw, FieldAad.RAW.of(row.id()));
            issued[i] = Timestamp.from(row.issuedAt());
            expires[i] = Timestamp.from(row.expiresAt());
            due[i] = Timestamp.from(row.nextRefreshAt());
        }
        return database.withConnection(db -> {
            try (PreparedStatement insert = db.prepareStatement(INSERT)) {
                insert.setArray(1, db.createArrayOf("text", ids));
                insert.setArray(2, db.createArrayOf("text", providers));
                insert.setArray(3, db.createArrayOf("bytea", access));
                insert.setArray(4, db.createArrayOf("bytea", refresh));
                insert.setArray(5, db.createArrayOf("bytea", raws));
                insert.setArray(6, db.createArrayOf("timestamptz", issued));
                insert.setArray(7, db.createArrayOf("timestamptz", expires));
                insert.setArray(8, db.createArrayOf("timestamptz", due));
                insert.executeUpdate();
            }
            return null;
        });
    }
}
