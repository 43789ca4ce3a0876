package dev.tokenkeeper.postgres.setup;

import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.postgres.DatabaseLocation;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where Tokenkeeper keeps its data and keys, as the environment says; an external database requires a keyset given
 * by the operator, so that every instance sharing the database shares it too.
 *
 * @param externalDatabase the server named by {@code TOKENKEEPER_DATABASE_URL}, or null for the embedded default
 * @param dataDirectory    {@code TOKENKEEPER_DATA_DIR}: the embedded server's data and the generated keyset
 * @param keyset           {@code TOKENKEEPER_KEYSET} (a path or the JSON itself), or null to generate one
 * @param poolSize         {@code TOKENKEEPER_DATABASE_POOL_SIZE}: the most database connections this instance holds
 * @param embeddedPort     {@code TOKENKEEPER_EMBEDDED_PG_PORT}: the embedded server's loopback port, 0 for any free
 *                         one (only this process connects to it, so it need not be stable)
 */
public record StorageSettings(
        DatabaseLocation externalDatabase, Path dataDirectory, Secret keyset, int poolSize, int embeddedPort) {

    public static final String DATABASE_URL = DatabaseUrl.VARIABLE;
    public static final String DATA_DIR = "TOKENKEEPER_DATA_DIR";
    public static final String KEYSET = "TOKENKEEPER_KEYSET";
    public static final String POOL_SIZE = "TOKENKEEPER_DATABASE_POOL_SIZE";
    public static final String EMBEDDED_PORT = "TOKENKEEPER_EMBEDDED_PG_PORT";
    public static final Path DEFAULT_DATA_DIRECTORY = Path.of("data");
    public static final int DEFAULT_POOL_SIZE = 16;
    public static final int MAX_POOL_SIZE = 200;

    public StorageSettings {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        requireWithin(POOL_SIZE, poolSize, 1, MAX_POOL_SIZE);
        requireWithin(EMBEDDED_PORT, embeddedPort, 0, 65_535);
        if (externalDatabase != null && keyset == null) {
            throw new InvalidSettingException(KEYSET, "must be set when " + DATABASE_URL + " is: every instance"
                    + " sharing the database must use the same keyset, and instances generating their own would"
                    + " make each other's rows undecryptable");
        }
    }

    /** Reads the settings from environment variables (a blank value counts as unset). */
    public static StorageSettings fromEnvironment(Map<String, String> environment) {
        String url = value(environment, DATABASE_URL);
        String keyset = value(environment, KEYSET);
        return new StorageSettings(
                url == null ? null : DatabaseUrl.parse(url),
                path(environment, DATA_DIR),
                keyset == null ? null : Secret.of(keyset),
                integer(environment, POOL_SIZE, DEFAULT_POOL_SIZE),
                integer(environment, EMBEDDED_PORT, 0));
    }

    /** True when no external database is set, so the embedded one runs under {@link #dataDirectory()}. */
    public boolean embedded() {
        return externalDatabase == null;
    }

    private static String value(Map<String, String> environment, String variable) {
        String value = environment.get(variable);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Path path(Map<String, String> environment, String variable) {
        String value = value(environment, variable);
        try {
            return value == null ? DEFAULT_DATA_DIRECTORY : Path.of(value);
        } catch (InvalidPathException e) {
            throw new InvalidSettingException(variable, "is not a valid path (" + e.getReason() + ")");
        }
    }

    private static int integer(Map<String, String> environment, String variable, int fallback) {
        String value = value(environment, variable);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(variable, "must be a whole number, not '" + value + "'");
        }
    }

    private static void requireWithin(String variable, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidSettingException(variable, "must be from " + min + " to " + max + ", not " + value);
        }
    }
}
