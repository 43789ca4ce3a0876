package dev.tokenkeeper.postgres.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AesGcmKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/** The secret parts of a JSON keyset, in every spelling a leak could take, and a check that a text holds none. */
final class KeyMaterial {
    private static final int WINDOW = 8;

    private final List<String> spellings;

    private KeyMaterial(List<String> spellings) {
        this.spellings = List.copyOf(spellings);
    }

    static KeyMaterial of(String keysetJson) {
        List<String> spellings = new ArrayList<>();
        try {
            for (JsonNode key : new ObjectMapper().readTree(keysetJson).path("key")) {
                spellings.add(key.path("keyData").path("value").asText());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        spellings.addAll(aesKeyBytes(keysetJson));
        assertThat(spellings).as("key material found in the keyset").isNotEmpty().doesNotContain("");
        return new KeyMaterial(spellings);
    }

    static KeyMaterial inFile(Path keysetFile) {
        try {
            return of(Files.readString(keysetFile));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The base64 "value" of the first key of a JSON keyset: a key as an operator might paste it. */
    static String firstKeyValue(String keysetJson) {
        try {
            return new ObjectMapper().readTree(keysetJson).path("key").path(0).path("keyData").path("value").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails when {@code text} holds any stretch of {@value #WINDOW} characters of any spelling of a key. */
    void assertAbsentFrom(String text) {
        for (String spelling : spellings) {
            for (int i = 0; i + WINDOW <= spelling.length(); i++) {
                assertThat(text).as("text holding no key material").doesNotContain(spelling.substring(i, i + WINDOW));
            }
        }
    }

    private static List<String> aesKeyBytes(String keysetJson) {
        List<String> spellings = new ArrayList<>();
        try {
            KeysetHandle keyset = TinkJsonProtoKeysetFormat.parseKeyset(keysetJson, Keysets.configuration(),
                    InsecureSecretKeyAccess.get());
            for (int i = 0; i < keyset.size(); i++) {
                if (keyset.getAt(i).getKey() instanceof AesGcmKey key) {
                    byte[] raw = key.getKeyBytes().toByteArray(InsecureSecretKeyAccess.get());
                    spellings.add(Base64.getEncoder().encodeToString(raw));
                    spellings.add(HexFormat.of().formatHex(raw));
                }
            }
        } catch (GeneralSecurityException notParseable) {
            // A deliberately broken keyset: its "value" fields are all there is to look for.
        }
        return spellings;
    }
}
