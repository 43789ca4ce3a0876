package dev.tokenkeeper.postgres.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkeeper.core.port.TokenCipher.UndecryptableException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TinkTokenCipherTest {
    private static final String ACCESS_TOKEN_OF_C1 = "connection:c1:access_token";
    private static final byte[] TOKEN = "ya29.a0-secret-access-token".getBytes(StandardCharsets.UTF_8);

    private final String keysetJson = Keysets.serialize(Keysets.generate());
    private final TinkTokenCipher cipher = TinkTokenCipher.open(new InlineKeyset(keysetJson));

    @Test
    void decryptReturnsThePlaintext_whenGivenTheSameAssociatedData() {
        byte[] ciphertext = cipher.encrypt(TOKEN, ACCESS_TOKEN_OF_C1);

        assertThat(cipher.decrypt(ciphertext, ACCESS_TOKEN_OF_C1)).isEqualTo(TOKEN);
    }

    @Test
    void encryptPrefixesTheVersionByteAndPrimaryKeyId_whenUsingTinkOutputPrefix() {
        byte[] ciphertext = cipher.encrypt(TOKEN, ACCESS_TOKEN_OF_C1);

        ByteBuffer prefix = ByteBuffer.wrap(ciphertext, 0, 5);
        assertThat(prefix.get()).isEqualTo((byte) 0x01);
        assertThat(Integer.toUnsignedLong(prefix.getInt())).isEqualTo(cipher.keysetIds().primary());
        assertThat(ciphertext).hasSize(5 + 12 + TOKEN.length + 16);
    }

    @Test
    void encryptGivesDistinctCiphertexts_whenTheSamePlaintextIsEncryptedTwice() {
        assertThat(cipher.encrypt(TOKEN, ACCESS_TOKEN_OF_C1)).isNotEqualTo(cipher.encrypt(TOKEN, ACCESS_TOKEN_OF_C1));
    }

    @Test
    void decryptFails_whenTheCiphertextWasCopiedToAnotherField() {
        byte[] ciphertext = cipher.encrypt(TOKEN, ACCESS_TOKEN_OF_C1);

        assertThatThrownBy(() -> cipher.decrypt(ciphertext, "connection:c2:access_token"))
                .isInstanceOf(UndecryptableException.class)
                .hasMessageContaining("other associated data")
                .hasMessageNotContaining("connection:");
    }

    @Test
    void decryptFails_whenAnyByteAfterThePrefixIsFlipped() {
        byte[] ciphertext = cipher.encrypt(TOKEN, ACCESS_TOKEN_OF_C1);

        for (int i = 5; i < ciphertext.length; i++) {
            byte[] tampered = ciphertext.clone();
            tampered[i] ^= 0x01;
            assertThatThrownBy(() -> cipher.decrypt(tampered, ACCESS_TOKEN_OF_C1))
                    .isInstanceOf(UndecryptableException.class)
                    .hasMessageContaining("tampered");
        }
    }

    @Test
    void decryptFails_whenTheCiphertextIsTruncated() {
        byte[] ciphertext = cipher.encrypt(TOKEN, ACCESS_TOKEN_OF_C1);

        assertThatThrownBy(() -> cipher.decrypt(Arrays.copyOf(ciphertext, ciphertext.length - 1), ACCESS_TOKEN_OF_C1))
                .isInstanceOf(UndecryptableException.class);
    }

    @Test
    void decryptNamesTheUnknownKey_whenTheCiphertextComesFromAnotherKeyset() {
        TinkTokenCipher other = TinkTokenCipher.open(new InlineKeyset(Keysets.serialize(Keysets.generate())));
        byte[] foreign = other.encrypt(TOKEN, ACCESS_TOKEN_OF_C1);

        assertThatThrownBy(() -> cipher.decrypt(foreign, ACCESS_TOKEN_OF_C1))
                .isInstanceOf(UndecryptableException.class)
                .hasMessageContaining("a key this keyset does not hold");
    }

    @Test
    void decryptFails_whenTheCiphertextIsShorterThanAKeyId() {
        assertThatThrownBy(() -> cipher.decrypt(new byte[] {1, 2, 3}, ACCESS_TOKEN_OF_C1))
                .isInstanceOf(UndecryptableException.class)
                .hasMessageContaining("does not hold");
    }

    @Test
    void undecryptableMessagesHoldNoPlaintextNorKeyMaterial_whenDecryptionFails() {
        byte[] tampered = cipher.encrypt(TOKEN, ACCESS_TOKEN_OF_C1);
        tampered[tampered.length - 1] ^= 0x01;

        assertThatThrownBy(() -> cipher.decrypt(tampered, ACCESS_TOKEN_OF_C1))
                .satisfies(failure -> {
                    assertThat(failure.getMessage()).doesNotContain(new String(TOKEN, StandardCharsets.UTF_8))
                            .doesNotContain(ACCESS_TOKEN_OF_C1);
                    KeyMaterial.of(keysetJson).assertAbsentFrom(failure.getMessage());
                    KeyMaterial.of(keysetJson).assertAbsentFrom(String.valueOf(failure.getCause()));
                });
    }

    @Test
    void isCurrentIsTrue_whenTheCiphertextWasMadeUnderThePrimaryKey() {
        assertThat(cipher.isCurrent(cipher.encrypt(TOKEN, ACCESS_TOKEN_OF_C1))).isTrue();
    }

    @Test
    void isCurrentIsFalse_whenTheCiphertextIsForeignOrTooShort() {
        TinkTokenCipher other = TinkTokenCipher.open(new InlineKeyset(Keysets.serialize(Keysets.generate())));

        assertThat(cipher.isCurrent(other.encrypt(TOKEN, ACCESS_TOKEN_OF_C1))).isFalse();
        assertThat(cipher.isCurrent(new byte[] {1, 2})).isFalse();
    }

    @Test
    void keysetIdsListTheSingleGeneratedKey_whenNothingWasRotated() {
        KeysetIds ids = cipher.keysetIds();

        assertThat(ids.all()).containsExactly(ids.primary());
        assertThat(keysetJson).contains("\"primaryKeyId\":" + ids.primary());
    }

    @Test
    void toStringNamesTheSourceAndKeyIdsButNoKeyMaterial_whenPrinted() {
        String printed = cipher.toString();

        assertThat(printed).contains("TOKENKEEPER_KEYSET").contains(String.valueOf(cipher.keysetIds().primary()));
        KeyMaterial.of(keysetJson).assertAbsentFrom(printed);
        KeyMaterial.of(keysetJson).assertAbsentFrom(new InlineKeyset(keysetJson).toString());
        KeyMaterial.of(keysetJson).assertAbsentFrom(cipher.keysetIds().toString());
    }
}
