package dev.tokenkeeper.core.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.token.Secret;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

    @Test
    void generate_makesAPrefixedKeyOf32RandomBytesInBase64UrlWithoutPadding() {
        String key = ApiKeys.generate().reveal();

        assertThat(key).startsWith("tk_").hasSize(3 + 43).matches("tk_[A-Za-z0-9_-]+");
        assertThat(Base64.getUrlDecoder().decode(key.substring(3))).hasSize(32);
    }

    @Test
    void generate_neverRepeatsAKey() {
        Set<Secret> keys = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            keys.add(ApiKeys.generate());
        }

        assertThat(keys).hasSize(10_000);
    }

    @Test
    void generate_printsRedacted() {
        assertThat(ApiKeys.generate()).hasToString("[REDACTED]");
    }

    @Test
    void hash_isTheSha256OfTheKeysUtf8Bytes() {
        assertThat(HexFormat.of().formatHex(ApiKeys.hash(Secret.of("abc"))))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(ApiKeys.hash(ApiKeys.generate())).hasSize(ApiKeyRecord.HASH_BYTES);
    }

    @Test
    void matches_acceptsTheKeyItsHashWasMadeOf() {
        Secret key = ApiKeys.generate();

        assertThat(ApiKeys.matches(Secret.of(key.reveal()), ApiKeys.hash(key))).isTrue();
    }

    @Test
    void matches_refusesAnotherKey_aTruncatedHashAndNoHash() {
        Secret key = ApiKeys.generate();
        byte[] hash = ApiKeys.hash(key);
        byte[] truncated = Arrays.copyOf(hash, 31);

        assertThat(ApiKeys.matches(ApiKeys.generate(), hash)).isFalse();
        assertThat(ApiKeys.matches(key, truncated)).isFalse();
        assertThat(ApiKeys.matches(key, new byte[0])).isFalse();
        assertThat(ApiKeys.matches(key, null)).isFalse();
    }
}
