package dev.tokenkeeper.postgres;

import dev.tokenkeeper.postgres.crypto.KeysetFile;
import dev.tokenkeeper.postgres.crypto.TinkTokenCipher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** Real Tink ciphers for tests, each with a keyset generated into its own temporary directory. */
public final class TestCiphers {
    private TestCiphers() {}

    public static TinkTokenCipher fresh() {
        try {
            return TinkTokenCipher.open(KeysetFile.generatedIn(Files.createTempDirectory("tokenkeeper-keyset")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
