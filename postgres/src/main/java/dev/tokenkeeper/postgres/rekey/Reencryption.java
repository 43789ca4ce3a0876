package dev.tokenkeeper.postgres.rekey;

import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.postgres.crypto.KeysetIds;
import dev.tokenkeeper.postgres.crypto.TinkTokenCipher;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves every encrypted value not yet under the cipher's primary key under it, while the service runs: after
 * {@link TinkTokenCipher#rotate()} here or on another instance sharing the keyset file.
 *
 * <p>Each column is walked in primary-key order, one short transaction per batch. A batch selects, past the last key
 * of the previous one, the rows whose value does not start with the primary key's Tink prefix (0x01 and the 4-byte
 * key id: what {@link TinkTokenCipher#isCurrent} checks, written in SQL as {@code substring(col from 1 for 5) <> ?})
 * {@code FOR UPDATE SKIP LOCKED}, decrypts each with its old key, encrypts it under the primary with the same
 * associated data and writes only that column back, in the same transaction, under the row lock. So a commit made
 * meanwhile is either before (and re-encrypted as it stands) or after (and overwrites with its own newer value):
 * nothing newer is ever overwritten, and nothing else (generation, timestamps) changes. The key cursor makes a pass
 * linear (current rows are filtered out along the primary-key index, never locked, never revisited), steps over
 * undecryptable rows (skipped, counted and logged by key and column, never content) and over rows locked by a
 * commit or another instance's job; a count afterwards finds those, and a few more passes take them. So the job is
 * idempotent and resumable (stop anytime, run again: only what is left is done), several instances may run it at
 * once, and it ends when nothing remains (or after a bounded number of passes, reporting what remains).
 *
 * <p>{@link #run()} blocks until done, and is meant for a virtual thread; {@link BackgroundReencryption} runs it so.
 */
public final class Reencryption {
    /** Rows per batch (one transaction) unless told otherwise. */
    public static final int DEFAULT_BATCH_SIZE = 200;

    private static final Logger LOG = LoggerFactory.getLogger(Reencryption.class);

    private final PostgresDatabase database;
    private final TinkTokenCipher cipher;
    private final List<EncryptedColumn> columns;
    private final int batchSize;

    /**
     * A job over {@code columns} in that order (e.g. {@code EncryptedSchema.COLUMNS}), {@code batchSize} rows
     * per transaction.
     */
    public Reencryption(PostgresDatabase database, TinkTokenCipher cipher, List<EncryptedColumn> columns,
            int batchSize) {
        this.database = Objects.requireNonNull(database, "database");
        this.cipher = Objects.requireNonNull(cipher, "cipher");
        this.columns = List.copyOf(columns);
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
        }
        this.batchSize = batchSize;
    }

    /** A job over {@code columns} with {@link #DEFAULT_BATCH_SIZE} rows per transaction. */
    public Reencryption(PostgresDatabase database, TinkTokenCipher cipher, List<EncryptedColumn> columns) {
        this(database, cipher, columns, DEFAULT_BATCH_SIZE);
    }

    /** Runs until nothing remains (or its thread is interrupted). */
    public ReencryptionReport run() {
        return run(() -> false);
    }

    /**
     * Runs until nothing remains, or until {@code stopRequested} (asked before each batch) or an interrupt stops it
     * between two batches: what was committed stays, and a later run does the rest.
     */
    public ReencryptionReport run(BooleanSupplier stopRequested) {
        KeysetIds keyset = cipher.reload();
        LOG.info("re-encryption of {} columns under primary key {} of {}, {} rows a batch", columns.size(),
                keyset.primary(), keyset.all(), batchSize);
        LatchedStop stop = new LatchedStop(stopRequested);
        List<ColumnReport> reports = new ArrayList<>();
        for (EncryptedColumn column : columns) {
            reports.add(new ColumnReencryption(database, cipher, column, batchSize, stop).run());
        }
        ReencryptionReport report = new ReencryptionReport(cipher.keysetIds().primary(), reports, stop.stopped());
        LOG.info("re-encryption {}: {} values re-encrypted, {} undecryptable, {} remaining",
                report.stopped() ? "stopped" : "ended", report.reencrypted(), report.undecryptable(),
                report.remaining());
        return report;
    }

    /** Says stop from the first time the caller or an interrupt did, so every later column stops at once. */
    private static final class LatchedStop implements BooleanSupplier {
        private final BooleanSupplier requested;
        private final AtomicBoolean stopped = new AtomicBoolean();

        LatchedStop(BooleanSupplier requested) {
            this.requested = Objects.requireNonNull(requested, "stopRequested");
        }

        @Override
        public boolean getAsBoolean() {
            if (!stopped.get() && (Thread.currentThread().isInterrupted() || requested.getAsBoolean())) {
                stopped.set(true);
            }
            return stopped.get();
        }

        boolean stopped() {
            return stopped.get();
        }
    }
}
