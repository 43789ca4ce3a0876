package dev.tokenkeeper.postgres.rekey;

import dev.tokenkeeper.core.port.TokenCipher.UndecryptableException;
import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.postgres.crypto.TinkTokenCipher;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-encrypts one column: walks the table in key order, a batch per short transaction, then walks again for what
 * it had to skip (rows locked by a commit, values written meanwhile under an older key) until nothing is left.
 */
final class ColumnReencryption {
    private static final Logger LOG = LoggerFactory.getLogger(Reencryption.class);
    private static final int MAX_PASSES = 5;
    private static final Duration PAUSE_BEFORE_PASS = Duration.ofMillis(100);
    private static final int LOG_EVERY_BATCHES = 25;

    private final PostgresDatabase database;
    private final TinkTokenCipher cipher;
    private final EncryptedColumn column;
    private final int batchSize;
    private final BooleanSupplier stopRequested;
    private final Set<String> undecryptable = new LinkedHashSet<>();
    private long reencrypted;
    private long batches;
    private long toDo;

    ColumnReencryption(PostgresDatabase database, TinkTokenCipher cipher, EncryptedColumn column, int batchSize,
            BooleanSupplier stopRequested) {
        this.database = database;
        this.cipher = cipher;
        this.column = column;
        this.batchSize = batchSize;
        this.stopRequested = stopRequested;
    }

    ColumnReport run() {
        toDo = remaining();
        LOG.info("re-encryption of {} under key {}: {} values to do", column.name(), cipher.keysetIds().primary(),
                toDo);
        for (int pass = 1; ; pass++) {
            boolean through = pass();
            long remaining = remaining();
            if (!through || remaining == 0 || pass == MAX_PASSES || !pause(pass)) {
                LOG.info("re-encryption of {} {}: {} values re-encrypted in {} batches, {} undecryptable, {} remaining",
                        column.name(), through ? "ended" : "stopped", reencrypted, batches, undecryptable.size(),
                        remaining);
                return new ColumnReport(column.name(), reencrypted, batches, List.copyOf(undecryptable), remaining);
            }
        }
    }

    /** One walk over the table; false when asked to stop before its end. */
    private boolean pass() {
        Object after = null;
        while (!stopRequested.getAsBoolean()) {
            Object from = after;
            Batch batch = database.inTransaction(db -> batch(db, from));
            if (batch.lastKey() == null) {
                return true;
            }
            after = batch.lastKey();
            count(batch);
        }
        return false;
    }

    /** Locks the next rows past {@code after} not under the primary key, and rewrites those that decrypt. */
    private Batch batch(Connection db, Object after) throws SQLException {
        byte[] prefix = cipher.primaryKeyPrefix();
        String sql = "select " + String.join(", ", selected()) + " from " + column.table() + " where "
                + (after == null ? "" : column.keyColumn() + " > ? and ") + notUnder(prefix)
                + " order by " + column.keyColumn() + " limit ? for update skip locked";
        List<Rewrite> rewrites = new ArrayList<>();
        Object last = null;
        try (PreparedStatement select = db.prepareStatement(sql)) {
            int index = 1;
            if (after != null) {
                select.setObject(index++, after);
            }
            select.setBytes(index++, prefix);
            select.setInt(index, batchSize);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    last = row.getObject(column.keyColumn());
                    byte[] ciphertext = reencrypted(row);
                    if (ciphertext != null) {
                        rewrites.add(new Rewrite(last, ciphertext));
                    }
                }
            }
        }
        write(db, rewrites);
        return new Batch(last, rewrites.size());
    }

    /** The value under the primary key, with the same associated data; null when it does not decrypt. */
    private byte[] reencrypted(ResultSet row) throws SQLException {
        String key = row.getString(column.keyColumn());
        if (undecryptable.contains(key)) {
            return null;
        }
        String associatedData = column.associatedData().of(row);
        byte[] plaintext;
        try {
            plaintext = cipher.decrypt(row.getBytes(column.column()), associatedData);
        } catch (UndecryptableException e) {
            undecryptable.add(key);
            LOG.warn("re-encryption of {} skips the row {} = {}: its value does not decrypt ({})", column.name(),
                    column.keyColumn(), key, e.getMessage());
            return null;
        }
        try {
            return cipher.encrypt(plaintext, associatedData);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /** Only the column changes: no generation or timestamp, as the value it holds is the same. */
    private void write(Connection db, List<Rewrite> rewrites) throws SQLException {
        if (rewrites.isEmpty()) {
            return;
        }
        try (PreparedStatement update = db.prepareStatement("update " + column.table() + " set " + column.column()
                + " = ? where " + column.keyColumn() + " = ?")) {
            for (Rewrite rewrite : rewrites) {
                update.setBytes(1, rewrite.ciphertext());
                update.setObject(2, rewrite.key());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    /** Values not under the primary key, the undecryptable ones this run met not counted. */
    private long remaining() {
        byte[] prefix = cipher.primaryKeyPrefix();
        String skipped = undecryptable.isEmpty() ? "" : " and " + column.keyColumn() + "::text <> all(?)";
        return database.withConnection(db -> {
            try (PreparedStatement count = db.prepareStatement("select count(*) from " + column.table() + " where "
                    + notUnder(prefix) + skipped)) {
                count.setBytes(1, prefix);
                if (!undecryptable.isEmpty()) {
                    count.setArray(2, db.createArrayOf("text", undecryptable.toArray()));
                }
                try (ResultSet row = count.executeQuery()) {
                    row.next();
                    return row.getLong(1);
                }
            }
        });
    }

    private void count(Batch batch) {
        if (batch.rewritten() == 0) {
            return;
        }
        reencrypted += batch.rewritten();
        batches++;
        if (batches % LOG_EVERY_BATCHES == 0) {
            LOG.info("re-encryption of {}: {} values re-encrypted, about {} to go", column.name(), reencrypted,
                    Math.max(0, toDo - reencrypted));
        }
    }

    private List<String> selected() {
        List<String> columns = new ArrayList<>(List.of(column.keyColumn(), column.column()));
        columns.addAll(column.rowColumns());
        return columns;
    }

    /** SQL cannot ask the cipher, but every current ciphertext starts with the primary key's prefix. */
    private String notUnder(byte[] prefix) {
        return column.column() + " is not null and substring(" + column.column() + " from 1 for " + prefix.length
                + ") <> ?";
    }

    /** Waits a little longer before each new pass, for the commits holding rows to end; false if interrupted. */
    private static boolean pause(int passesDone) {
        try {
            Thread.sleep(PAUSE_BEFORE_PASS.multipliedBy(passesDone));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A row's new value, under the primary key. */
    private record Rewrite(Object key, byte[] ciphertext) {}

    /** One batch: the last key it locked (null when none was left) and how many values it rewrote. */
    private record Batch(Object lastKey, int rewritten) {}
}
