package dev.tokenkeeper.postgres.embedded;

import dev.tokenkeeper.postgres.crypto.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The embedded server's {@code pg_hba.conf}: password (SCRAM-SHA-256) over loopback TCP, nothing else (the server
 * opens no Unix-domain socket). A cluster made by an older Tokenkeeper trusts every local user instead; it is
 * recognised here and rewritten once its superuser has a password.
 */
final class ClientAuthentication {
    static final String FILE_NAME = "pg_hba.conf";
    static final String CONTENT = """
            # Written by Tokenkeeper at every start; edits are overwritten.
            # Password (SCRAM-SHA-256) over loopback TCP only: no trust, no Unix-domain socket, no other address.
            host all all 127.0.0.1/32 scram-sha-256
            """;

    private ClientAuthentication() {}

    /** True when the file lets anyone in without a password (an active {@code trust} line), as initdb -A trust made. */
    static boolean trustsAnyone(Path dataDirectory) throws IOException {
        Path file = dataDirectory.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return false;
        }
        return Files.readAllLines(file).stream()
                .map(line -> line.replaceFirst("#.*", "").strip().toLowerCase(Locale.ROOT))
                .filter(line -> !line.isEmpty())
                .anyMatch(line -> line.matches(".*\\strust(\\s.*)?"));
    }

    static boolean isCurrent(Path dataDirectory) throws IOException {
        Path file = dataDirectory.resolve(FILE_NAME);
        return Files.exists(file) && Files.readString(file).equals(CONTENT);
    }

    static void write(Path dataDirectory) throws IOException {
        OwnerOnlyFiles.replace(dataDirectory.resolve(FILE_NAME), CONTENT);
    }
}
