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
        try {
            Path directory = Files.createTempDirectory("tokenkeeper-keyset");
            directory.toFile().deleteOnExit();
            KeysetFile keyset = KeysetFile.generatedIn(directory);
            TinkTokenCipher cipher = TinkTokenCipher.open(keyset);
            keyset.path().toFile().deleteOnExit();
            return cipher;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
