package dev.tokenkeeper.postgres.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.tokenkeeper.testkit.logs.StandardErrorCapture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysetFileTest {
    private static final byte[] TOKEN = "access-token".getBytes(StandardCharsets.UTF_8);
    private static final String FIELD = "connection:c1:access_token";
    private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");

    @TempDir
    Path dataDirectory;

    @Test
    void loadGeneratesAKeysetAndWarnsWhereItIs_whenTheDataDirectoryHasNone() {
        Path generated = dataDirectory.resolve("keyset.json");
        String logs;
        try (StandardErrorCapture standardError = new StandardErrorCapture()) {
            TinkTokenCipher.open(KeysetFile.generatedIn(dataDirectory));
            logs = standardError.text();
        }

        assertThat(generated).isRegularFile();
        assertThat(logs).contains("WARN").contains("generated a new keyset in " + generated);
        KeyMaterial.inFile(generated).assertAbsentFrom(logs);
    }

    @Test
    void loadGivesTheSameKeys_whenTheGeneratedKeysetIsLoadedAgain() {
        TinkTokenCipher first = TinkTokenCipher.open(KeysetFile.generatedIn(dataDirectory));
        byte[] ciphertext = first.encrypt(TOKEN, FIELD);
        String logs;
        TinkTokenCipher second;
        try (StandardErrorCapture standardError = new StandardErrorCapture()) {
            second = TinkTokenCipher.open(KeysetFile.generatedIn(dataDirectory));
            logs = standardError.text();
        }

        assertThat(second.keysetIds()).isEqualTo(first.keysetIds());
        assertThat(second.decrypt(ciphertext, FIELD)).isEqualTo(TOKEN);
        assertThat(second.isCurrent(ciphertext)).isTrue();
        assertThat(logs).contains("WARN").contains("using the keyset generated in " + dataDirectory.resolve("keyset.json"));
    }

    @Test
    void generatedFileIsReadableByItsOwnerOnly_afterGenerationAndAfterRotation() throws Exception {
        assumeThat(OwnerOnlyFiles.supportsPosix(dataDirectory)).as("POSIX file permissions").isTrue();
        Path generated = dataDirectory.resolve("not-yet-created/keyset.json");
        TinkTokenCipher cipher = TinkTokenCipher.open(KeysetFile.generatedIn(generated.getParent()));
        Set<PosixFilePermission> afterGeneration = Files.getPosixFilePermissions(generated);

        cipher.rotate();

        assertThat(afterGeneration).isEqualTo(OWNER_READ_WRITE);
        assertThat(Files.getPosixFilePermissions(generated)).isEqualTo(OWNER_READ_WRITE);
        try (Stream<Path> files = Files.list(generated.getParent())) {
            assertThat(files).as("no temporary file left behind").containsExactly(generated);
        }
    }

    @Test
    void loadReadsTheOperatorsKeyset_whenGivenItsPath() throws Exception {
        Path file = dataDirectory.resolve("operator-keyset.json");
        Files.writeString(file, Keysets.serialize(Keysets.generate()));
        TinkTokenCipher fromFile = TinkTokenCipher.open(KeysetFile.at(file));

        assertThat(file).content().contains("\"primaryKeyId\":" + fromFile.keysetIds().primary());
        assertThat(fromFile.decrypt(fromFile.encrypt(TOKEN, FIELD), FIELD)).isEqualTo(TOKEN);
        assertThat(fromFile.canRotate()).isTrue();
    }

    @Test
    void loadFailsNamingThePath_whenTheGivenFileDoesNotExist() {
        Path missing = dataDirectory.resolve("absent.json");

        assertThatThrownBy(() -> KeysetFile.at(missing).load())
                .isInstanceOf(KeysetException.class)
                .hasMessage("keyset file " + missing + ": does not exist")
                .extracting(failure -> ((KeysetException) failure).source()).isEqualTo("keyset file " + missing);
        assertThat(missing).doesNotExist();
    }

    @Test
    void loadFailsAsUnreadable_whenThePathIsADirectory() {
        assertThatThrownBy(() -> KeysetFile.at(dataDirectory).load())
                .isInstanceOf(KeysetException.class)
                .hasMessageStartingWith("keyset file " + dataDirectory + ": cannot be read");
    }

    @Test
    void toStringNamesThePathButNoKeyMaterial_whenPrinted() {
        KeysetFile file = KeysetFile.generatedIn(dataDirectory);
        file.load();

        assertThat(file.toString()).contains(dataDirectory.resolve("keyset.json").toString()).contains("generated");
        KeyMaterial.inFile(file.path()).assertAbsentFrom(file.toString());
    }
}
