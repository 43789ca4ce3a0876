package dev.tokenkeeper.postgres.embedded;

import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.postgres.crypto.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Base64;
import org.postgresql.PGConnection;

/**
 * The embedded server's superuser password: generated once, kept in an owner-only file inside the data directory,
 * and set on the server as a SCRAM-SHA-256 verifier computed on this side (so the password itself never reaches
 * PostgreSQL, its statement log or an error message).
 */
final class SuperuserPassword {
    /** The file, inside the embedded data directory, that holds the password (mode 600). */
    static final String FILE_NAME = "tokenkeeper-superuser.password";
    static final String SUPERUSER = "postgres";
    private static final SecureRandom RANDOM = new SecureRandom();

    private SuperuserPassword() {}

    static Path file(Path dataDirectory) {
        return dataDirectory.resolve(FILE_NAME);
    }

    /**
     * Where a new cluster's password waits while {@code initdb} runs: initdb wants an empty directory, so it lives next
     * to it, owner-only, until the cluster exists and it moves inside.
     */
    static Path initdbFile(Path dataDirectory) {
        return dataDirectory.toAbsolutePath().resolveSibling("." + dataDirectory.getFileName() + ".initdb-password");
    }

    static Secret generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Secret.of(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    static Secret read(Path file) throws IOException {
        return Secret.of(Files.readString(file, StandardCharsets.UTF_8).strip());
    }

    static void write(Path file, Secret password) throws IOException {
        OwnerOnlyFiles.replace(file, password.reveal() + "\n");
    }

    /** Sets the superuser's password on a server reached over {@code connection}, as a SCRAM-SHA-256 verifier. */
    static void setOn(Connection connection, Secret password) throws SQLException {
        connection.unwrap(PGConnection.class)
                .alterUserPassword(SUPERUSER, password.reveal().toCharArray(), "scram-sha-256");
    }
}
