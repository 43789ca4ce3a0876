package dev.tokenkeeper.postgres.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkeeper.core.port.TokenCipher.UndecryptableException;
import dev.tokenkeeper.testkit.clock.SettableClock;
import dev.tokenkeeper.testkit.logs.StandardErrorCapture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two instances sharing one keyset file: B picks up what A's rotation added, when it meets it. */
class TinkTokenCipherReloadTest {
    private static final String FIELD = "connection:c1:access_token";
    private static final byte[] TOKEN = "ya29.shared-keyset-token".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dataDirectory;

    private final SettableClock clock = new SettableClock(InstantSource.fixed(Instant.parse("2026-01-01T00:00:00Z")));
    private TinkTokenCipher a;
    private TinkTokenCipher b;

    /** A generates the keyset file; B, on a frozen clock, opens the same file. */
    @BeforeEach
    void openTwoInstances() {
        a = TinkTokenCipher.open(KeysetFile.generatedIn(dataDirectory));
        b = TinkTokenCipher.open(sharedFile(), clock);
    }

    @Test
    void decryptReloadsTheKeysetFileAndEncryptsUnderItsPrimary_whenAnotherInstanceRotatedIt() {
        a.rotate();

        assertThat(b.decrypt(a.encrypt(TOKEN, FIELD), FIELD)).isEqualTo(TOKEN);
        assertThat(b.keysetIds()).isEqualTo(a.keysetIds());
        assertThat(a.isCurrent(b.encrypt(TOKEN, FIELD))).isTrue();
        assertThat(b.primaryKeyPrefix()).isEqualTo(a.primaryKeyPrefix());
    }

    @Test
    void decryptReloadsAtOnce_whenTheFileWasReplacedAgainSinceItsLastReload() {
        a.rotate();
        assertThat(b.decrypt(a.encrypt(TOKEN, FIELD), FIELD)).isEqualTo(TOKEN);
        a.rotate();

        assertThat(b.decrypt(a.encrypt(TOKEN, FIELD), FIELD)).isEqualTo(TOKEN);
        assertThat(b.keysetIds()).isEqualTo(a.keysetIds());
    }

    @Test
    void decryptTriesToReadAnUnchangedFileAtMostOncePerInterval_whenUnknownKeysKeepComing() throws Exception {
        byte[] foreign = TinkTokenCipher.open(new InlineKeyset(Keysets.serialize(Keysets.generate())))
                .encrypt(TOKEN, FIELD);
        Files.delete(dataDirectory.resolve(KeysetFile.GENERATED_FILE_NAME));

        try (StandardErrorCapture standardError = new StandardErrorCapture()) {
            for (int i = 0; i < 5; i++) {
                assertThatThrownBy(() -> b.decrypt(foreign, FIELD))
                        .isInstanceOf(UndecryptableException.class)
                        .hasMessageContaining("a key this keyset does not hold")
                        .hasMessageContaining("read again as soon as it is replaced, else at most once a second");
            }
            assertThat(standardError.text().split("cannot reload", -1)).hasSize(2);
            clock.advance(TinkTokenCipher.RELOAD_INTERVAL);
            assertThatThrownBy(() -> b.decrypt(foreign, FIELD)).isInstanceOf(UndecryptableException.class);
            assertThat(standardError.text().split("cannot reload", -1)).hasSize(3);
        }
        assertThat(b.decrypt(b.encrypt(TOKEN, FIELD), FIELD)).isEqualTo(TOKEN);
    }

    @Test
    void decryptSaysToUpdateEveryInstance_whenAnInlineKeysetLacksTheKeyOfARotationElsewhere() throws Exception {
        String json = Files.readString(dataDirectory.resolve(KeysetFile.GENERATED_FILE_NAME));
        TinkTokenCipher inline = TinkTokenCipher.open(new InlineKeyset(json), clock);
        a.rotate();
        byte[] underNewKey = a.encrypt(TOKEN, FIELD);

        assertThatThrownBy(() -> inline.decrypt(underNewKey, FIELD))
                .isInstanceOf(UndecryptableException.class)
                .hasMessageContaining("a key this keyset does not hold")
                .hasMessageContaining("TOKENKEEPER_KEYSET")
                .hasMessageContaining("must be updated on every instance")
                .satisfies(failure -> KeyMaterial.of(json).assertAbsentFrom(failure.getMessage()));
        assertThat(inline.reload().all()).hasSize(1);
    }

    @Test
    void decryptDoesNotReload_whenTheKeyIsKnownButTheCiphertextWasTamperedWith() {
        byte[] tampered = b.encrypt(TOKEN, FIELD);
        tampered[tampered.length - 1] ^= 0x01;
        a.rotate();

        assertThatThrownBy(() -> b.decrypt(tampered, FIELD))
                .isInstanceOf(UndecryptableException.class)
                .hasMessageContaining("tampered");
        assertThat(b.keysetIds().all()).as("the rotation not picked up").hasSize(1);
    }

    @Test
    void reloadKeepsTheKeysetInUse_whenTheFileNoLongerHoldsItsPrimaryKey() throws Exception {
        KeysetIds before = b.keysetIds();
        byte[] stored = b.encrypt(TOKEN, FIELD);
        Files.writeString(dataDirectory.resolve(KeysetFile.GENERATED_FILE_NAME),
                Keysets.serialize(Keysets.generate()));

        assertThat(b.reload()).isEqualTo(before);
        assertThat(b.decrypt(stored, FIELD)).isEqualTo(TOKEN);
    }

    @Test
    void rotateKeepsTheKeyAnotherInstanceAdded_whenItsOwnKeysetIsBehindTheFile() {
        KeysetIds rotatedByA = a.rotate();
        byte[] underAsKey = a.encrypt(TOKEN, FIELD);

        KeysetIds rotatedByB = b.rotate();
        TinkTokenCipher restarted = TinkTokenCipher.open(sharedFile());

        assertThat(rotatedByB.all()).containsAll(rotatedByA.all()).hasSize(3);
        assertThat(restarted.keysetIds()).isEqualTo(rotatedByB);
        assertThat(restarted.decrypt(underAsKey, FIELD)).isEqualTo(TOKEN);
    }

    @Test
    void logsOfReloadHoldKeyIdsButNoKeyMaterial_whenAnotherInstanceRotated() {
        a.rotate();
        String logs;
        try (StandardErrorCapture standardError = new StandardErrorCapture()) {
            b.decrypt(a.encrypt(TOKEN, FIELD), FIELD);
            logs = standardError.text();
        }

        assertThat(logs).contains("INFO").contains("reloaded").contains(String.valueOf(a.keysetIds().primary()));
        KeyMaterial.inFile(dataDirectory.resolve(KeysetFile.GENERATED_FILE_NAME)).assertAbsentFrom(logs);
    }

    private KeysetFile sharedFile() {
        return KeysetFile.at(dataDirectory.resolve(KeysetFile.GENERATED_FILE_NAME));
    }
}
