package dev.tokenkeeper.postgres.setup;

import dev.tokenkeeper.postgres.DatabaseLocation;
import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.postgres.crypto.KeysetException;
import dev.tokenkeeper.postgres.crypto.KeysetFile;
import dev.tokenkeeper.postgres.crypto.KeysetStore;
import dev.tokenkeeper.postgres.crypto.TinkTokenCipher;
import dev.tokenkeeper.postgres.embedded.DataDirectoryInUseException;
import dev.tokenkeeper.postgres.embedded.EmbeddedPostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.stream.Collectors;

/**
 * The database and token cipher of one Tokenkeeper instance, opened from {@link StorageSettings}: the embedded
 * PostgreSQL under the data directory (its data surviving restarts) or the external server, migrated, and the cipher
 * under the operator's keyset or, for the embedded default only, one generated next to the data.
 */
public final class TokenkeeperStorage implements AutoCloseable {
    /** Where the embedded server keeps its data, below the data directory. */
    public static final String EMBEDDED_DIRECTORY = "postgres";

    private final EmbeddedPostgresServer embedded;
    private final PostgresDatabase database;
    private final TinkTokenCipher cipher;
    private final String description;

    private TokenkeeperStorage(EmbeddedPostgresServer embedded, PostgresDatabase database, TinkTokenCipher cipher,
            String description) {
        this.embedded = embedded;
        this.database = database;
        this.cipher = cipher;
        this.description = description;
    }

    /**
     * Starts or connects to the database, migrates it and loads the keyset; whatever was started is stopped again
     * when a later step fails.
     *
     * @throws InvalidSettingException when the data directory cannot be created
     * @throws KeysetException         when the keyset cannot be loaded, or when the generated keyset is missing
     *                                 while the embedded database already holds encrypted rows
     */
    public static TokenkeeperStorage open(StorageSettings settings) {
        String keysetSetting = settings.keyset() == null ? null : settings.keyset().reveal();
        KeysetStore keyset = KeysetStore.fromSetting(keysetSetting, settings.dataDirectory());
        EmbeddedPostgresServer embedded = null;
        PostgresDatabase database = null;
        try {
            DatabaseLocation location = settings.externalDatabase();
            if (settings.embedded()) {
                embedded = startEmbedded(settings);
                location = embedded.location("postgres");
            }
            database = PostgresDatabase.open(location, settings.poolSize());
            if (keyset instanceof KeysetFile file && settings.keyset() == null) {
                requireNoOrphanedCiphertexts(file, database);
            }
            String description = describe(embedded, location);
            DurabilityCheck.warnIfUnsafe(database, description);
            return new TokenkeeperStorage(embedded, database, TinkTokenCipher.open(keyset), description);
        } catch (RuntimeException | Error e) {
            closeAll(e, database, embedded);
            throw e;
        }
    }

    public PostgresDatabase database() {
        return database;
    }

    public TinkTokenCipher cipher() {
        return cipher;
    }

    /** Which database this is, without credentials, for the startup log line. */
    public String description() {
        return description;
    }

    /** Closes the pool, then stops the embedded server, if any. */
    @Override
    public void close() {
        try {
            database.close();
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    @Override
    public String toString() {
        return "TokenkeeperStorage[" + description + "]";
    }

    /**
     * Says that whoever opened this storage closes it from its own exit hook: an embedded server then waits up to
     * {@code upTo} at JVM exit for that close instead of stopping at once (see
     * {@link EmbeddedPostgresServer#closedByOwnerAtExit}). No effect on an external database.
     */
    public void closedByOwnerAtExit(Duration upTo) {
        if (embedded != null) {
            embedded.closedByOwnerAtExit(upTo);
        }
    }

    private static EmbeddedPostgresServer startEmbedded(StorageSettings settings) {
        try {
            return EmbeddedPostgresServer.start(embeddedDirectory(settings), settings.embeddedPort());
        } catch (DataDirectoryInUseException e) {
            throw new InvalidSettingException(StorageSettings.DATA_DIR, "names " + settings.dataDirectory()
                    .toAbsolutePath() + ", whose embedded PostgreSQL another Tokenkeeper is running; stop that one"
                    + " first (one process at a time owns a data directory), or use another directory");
        }
    }

    private static Path embeddedDirectory(StorageSettings settings) {
        Path data = settings.dataDirectory().toAbsolutePath();
        try {
            Files.createDirectories(data);
        } catch (IOException e) {
            throw new InvalidSettingException(StorageSettings.DATA_DIR, "cannot create the directory " + data
                    + " (" + e.getClass().getSimpleName() + ")");
        }
        return data.resolve(EMBEDDED_DIRECTORY);
    }

    /**
     * A keyset about to be generated while the database already holds ciphertexts means the keyset that made them is
     * gone (deleted, or the data copied without it): a new one would only hide that every stored token is lost.
     */
    private static void requireNoOrphanedCiphertexts(KeysetFile keyset, PostgresDatabase database) {
        if (Files.exists(keyset.path()) || !holdsCiphertexts(database)) {
            return;
        }
        throw new KeysetException(keyset.source(), "is missing, but the database already holds tokens encrypted"
                + " with a keyset; put that keyset back (or set " + StorageSettings.KEYSET + " to it) instead of"
                + " generating a new one, which could not decrypt them");
    }

    private static boolean holdsCiphertexts(PostgresDatabase database) {
        String anyValue = EncryptedSchema.COLUMNS.stream()
                .map(c -> "exists (select 1 from " + c.table() + " where " + c.column() + " is not null)")
                .collect(Collectors.joining(" or ", "select ", ""));
        return database.withConnection(db -> {
            try (Statement statement = db.createStatement();
                    ResultSet row = statement.executeQuery(anyValue)) {
                row.next();
                return row.getBoolean(1);
            }
        });
    }

    private static String describe(EmbeddedPostgresServer embedded, DatabaseLocation location) {
        if (embedded == null) {
            return "external PostgreSQL at " + location.hostAndDatabase();
        }
        return "embedded PostgreSQL on 127.0.0.1:" + embedded.port() + " with data in " + embedded.dataDirectory();
    }

    private static void closeAll(Throwable failure, AutoCloseable... opened) {
        for (AutoCloseable closeable : opened) {
            if (closeable == null) {
                continue;
            }
            try {
                closeable.close();
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }
    }
}
