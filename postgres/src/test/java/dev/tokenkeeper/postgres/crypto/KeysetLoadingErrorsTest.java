package dev.tokenkeeper.postgres.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.mac.PredefinedMacParameters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each way a keyset can be unusable gives its own message, naming the source and holding no key material. */
class KeysetLoadingErrorsTest {
    private static final String VALID = Keysets.serialize(Keysets.generate());
    private static final String MAC = macKeyset();

    @TempDir
    Path directory;

    /** What a keyset source holds, and the problem its error must name. */
    record BadKeyset(String content, String problem, KeyMaterial secrets) {}

    static Stream<Named<BadKeyset>> badKeysets() {
        KeyMaterial valid = KeyMaterial.of(VALID);
        String keyValue = KeyMaterial.firstKeyValue(VALID);
        return Stream.of(
                Named.of("empty", new BadKeyset("  \n", "empty, where a JSON keyset was expected", valid)),
                Named.of("truncated JSON", new BadKeyset(VALID.substring(0, VALID.length() - 20), "not JSON (line 1",
                        valid)),
                Named.of("a bare key value", new BadKeyset(keyValue, "not JSON (line 1", valid)),
                Named.of("JSON but no keyset", new BadKeyset("{\"hello\": \"world\"}",
                        "not a valid Tink keyset", valid)),
                Named.of("a corrupt key", new BadKeyset(VALID.replace(keyValue, "AAAA" + keyValue.substring(30)),
                        "not a valid Tink keyset", valid)),
                Named.of("MAC keys", new BadKeyset(MAC, "is not an AEAD key (HMAC", KeyMaterial.of(MAC))),
                Named.of("a RAW primary key", new BadKeyset(VALID.replace("\"TINK\"", "\"RAW\""),
                        "has no key-id prefix", valid)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badKeysets")
    void loadFailsNamingTheFileAndProblem_whenTheKeysetFileIsBad(BadKeyset bad) throws Exception {
        Path file = Files.writeString(directory.resolve("keyset.json"), bad.content());

        assertThatThrownBy(() -> TinkTokenCipher.open(KeysetFile.at(file)))
                .isInstanceOf(KeysetException.class)
                .hasMessageStartingWith("keyset file " + file + ": ")
                .hasMessageContaining(bad.problem())
                .hasNoCause()
                .satisfies(failure -> bad.secrets().assertAbsentFrom(failure.toString()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badKeysets")
    void loadFailsNamingTheVariableAndProblem_whenTheInlineKeysetIsBad(BadKeyset bad) {
        assertThatThrownBy(() -> TinkTokenCipher.open(new InlineKeyset(bad.content())))
                .isInstanceOf(KeysetException.class)
                .hasMessageStartingWith("TOKENKEEPER_KEYSET: ")
                .hasMessageContaining(bad.problem())
                .hasNoCause()
                .satisfies(failure -> bad.secrets().assertAbsentFrom(failure.toString()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badKeysets")
    void generatedKeysetIsNotReplaced_whenTheFileInTheDataDirectoryIsBad(BadKeyset bad) throws Exception {
        Path file = Files.writeString(directory.resolve("keyset.json"), bad.content());

        assertThatThrownBy(() -> KeysetFile.generatedIn(directory).load()).isInstanceOf(KeysetException.class);
        assertThat(file).hasContent(bad.content());
    }

    @Test
    void keyMaterialCheckFails_whenATextQuotesAPieceOfAKey() {
        String keyValue = KeyMaterial.firstKeyValue(VALID);
        String leaky = "cannot parse near '" + keyValue.substring(10, 20) + "'";

        assertThatThrownBy(() -> KeyMaterial.of(VALID).assertAbsentFrom(leaky)).isInstanceOf(AssertionError.class);
    }

    private static String macKeyset() {
        try {
            return Keysets.serialize(KeysetHandle.generateNew(PredefinedMacParameters.HMAC_SHA256_256BITTAG,
                    Keysets.configuration()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
