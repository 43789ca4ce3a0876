package dev.tokenkeeper.postgres.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysetStoreTest {
    private static final byte[] TOKEN = "access-token".getBytes(StandardCharsets.UTF_8);
    private static final String FIELD = "connection:c1:access_token";

    @TempDir
    Path dataDirectory;

    @Test
    void fromSettingGeneratesIntoTheDataDirectory_whenTheSettingIsUnsetOrBlank() {
        KeysetStore unset = KeysetStore.fromSetting(null, dataDirectory);
        KeysetStore blank = KeysetStore.fromSetting("  ", dataDirectory);

        assertThat(unset).isInstanceOfSatisfying(KeysetFile.class,
                file -> assertThat(file.path()).isEqualTo(dataDirectory.resolve("keyset.json").toAbsolutePath()));
        assertThat(blank).hasToString(unset.toString());
        assertThat(unset.isWritable()).isTrue();
    }

    @Test
    void fromSettingReadsTheJsonItself_whenTheSettingStartsWithABrace() {
        String json = Keysets.serialize(Keysets.generate());
        TinkTokenCipher inline = TinkTokenCipher.open(KeysetStore.fromSetting("\n  " + json + "\n", dataDirectory));
        TinkTokenCipher same = TinkTokenCipher.open(new InlineKeyset(json));

        assertThat(inline.decrypt(same.encrypt(TOKEN, FIELD), FIELD)).isEqualTo(TOKEN);
        assertThat(inline.canRotate()).isFalse();
        assertThat(dataDirectory).isEmptyDirectory();
    }

    @Test
    void fromSettingReadsTheFile_whenTheSettingIsAPath() throws Exception {
        Path file = Files.writeString(dataDirectory.resolve("ops.json"), Keysets.serialize(Keysets.generate()));
        TinkTokenCipher fromPath = TinkTokenCipher.open(KeysetStore.fromSetting(file.toString(), dataDirectory));
        TinkTokenCipher same = TinkTokenCipher.open(KeysetFile.at(file));

        assertThat(fromPath.decrypt(same.encrypt(TOKEN, FIELD), FIELD)).isEqualTo(TOKEN);
        assertThat(fromPath.toString()).contains("keyset file " + file);
    }

    @Test
    void fromSettingFailsNamingThePath_whenItNamesAMissingJsonFile() {
        Path missing = dataDirectory.resolve("typo.json");

        assertThatThrownBy(() -> KeysetStore.fromSetting(missing.toString(), dataDirectory))
                .isInstanceOf(KeysetException.class)
                .hasMessageStartingWith("TOKENKEEPER_KEYSET: names no existing file at " + missing)
                .hasMessageContaining("a JSON keyset starts with '{'");
    }

    @Test
    void fromSettingFailsWithoutRepeatingTheValue_whenItLooksLikeKeyMaterial() {
        String json = Keysets.serialize(Keysets.generate());
        String keyValue = KeyMaterial.firstKeyValue(json);

        assertThatThrownBy(() -> KeysetStore.fromSetting(keyValue, dataDirectory))
                .isInstanceOf(KeysetException.class)
                .hasMessageStartingWith("TOKENKEEPER_KEYSET: names no existing file")
                .hasMessageContaining("not repeated")
                .satisfies(failure -> KeyMaterial.of(json).assertAbsentFrom(failure.getMessage()));
    }
}
