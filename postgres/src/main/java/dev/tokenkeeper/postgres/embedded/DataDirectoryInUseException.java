package dev.tokenkeeper.postgres.embedded;

import java.nio.file.Path;

/** Another process (a running Tokenkeeper) already runs the embedded PostgreSQL on this data directory. */
public final class DataDirectoryInUseException extends IllegalStateException {
    private final transient Path dataDirectory;

    public DataDirectoryInUseException(Path dataDirectory) {
        super("the embedded PostgreSQL data in " + dataDirectory.toAbsolutePath() + " is in use by another process");
        this.dataDirectory = dataDirectory;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }
}
