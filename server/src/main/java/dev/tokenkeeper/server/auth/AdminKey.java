package dev.tokenkeeper.server.auth;

import dev.tokenkeeper.core.apikey.ApiKeys;
import dev.tokenkeeper.core.apikey.ApiKeyRecord;
import dev.tokenkeeper.core.port.ApiKeyStore;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.postgres.setup.InvalidSettingException;
import dev.tokenkeeper.server.ServerSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.InstantSource;
import java.util.HexFormat;

/**
 * The admin API key at start-up: {@code TOKENKEEPER_API_KEY} when set, else the key kept in the data directory,
 * else a new one written there (owner-only). Only its SHA-256 reaches the database.
 *
 * @param source where the key came from, for the start-up line: the variable's name or the file's path, never the key
 * @param file   the file holding the key, or null when it came from the environment
 */
public record AdminKey(String source, Path file) {
    /** The admin key's file name, below the data directory. */
    public static final String FILE_NAME = "admin-api-key";
    /** The label the admin key's hash is stored under. */
    public static final String LABEL = "admin";

    /** Makes sure the admin key's hash is known to {@code store}, generating the key on first start. */
    public static AdminKey ensure(ServerSettings settings, Path dataDirectory, ApiKeyStore store, InstantSource clock) {
        if (settings.apiKey() != null) {
            register(settings.apiKey(), store, clock);
            return new AdminKey(ServerSettings.API_KEY, null);
        }
        Path file = dataDirectory.toAbsolutePath().resolve(FILE_NAME);
        Secret key = Files.exists(file) ? read(file) : write(file, ApiKeys.generate());
        register(key, store, clock);
        return new AdminKey(file.toString(), file);
    }

    /** Reads the key from its file (for the CLI, which calls the running service). */
    public static Secret read(Path file) {
        try {
            String key = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (key.length() < ServerSettings.MIN_API_KEY_LENGTH) {
                throw new InvalidSettingException(ServerSettings.API_KEY, "the key file " + file
                        + " holds no valid key; delete it to generate a new one, or set " + ServerSettings.API_KEY);
            }
            return Secret.of(key);
        } catch (IOException e) {
            throw new InvalidSettingException(ServerSettings.API_KEY, "is not set and the key file " + file
                    + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static Secret write(Path file, Secret key) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, key.reveal() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's own protection applies
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the admin API key file " + file, e);
        }
    }

    private static void register(Secret key, ApiKeyStore store, InstantSource clock) {
        byte[] hash = ApiKeys.hash(key);
        if (store.findByHash(hash).isEmpty()) {
            String id = "key_" + HexFormat.of().formatHex(hash, 0, 6);
            store.add(new ApiKeyRecord(id, LABEL, hash, clock.instant()));
        }
    }
}
