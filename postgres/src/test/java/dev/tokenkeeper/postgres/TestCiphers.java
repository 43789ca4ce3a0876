package dev.tokenkeeper.postgres;

import dev.tokenkeeper.postgres.crypto.KeysetFile;
import dev.tokenkeeper.postgres.crypto.TinkTokenCipher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Real Tink ciphers for tests, each with a keyset generated into its own temporary directory. */
public final class TestCiphers {
    private TestCiphers() {}

    public static TinkTokenCipher fresh() {
        return TinkTokenCipher.open(keysetFile());
    }

    /** A keyset file generated on its first load, in its own temporary directory; both removed at exit. */
    public static KeysetFile keysetFile() {
        try {
            Path directory = Files.createTempDirectory("tokenkeeper-keyset");
            directory.toFile().deleteOnExit();
            KeysetFile keyset = KeysetFile.generatedIn(directory);
            keyset.path().toFile().deleteOnExit();
            return keyset;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A newly generated keyset file, removed when the JVM exits, for ciphers in several processes to share. */
    public static Path freshKeysetFile() {
        KeysetFile keyset = keysetFile();
        keyset.load();
        return keyset.path();
    }
}
