package dev.tokenkeeper.core.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiKeyRecordTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void sha256_isCopiedInAndOut_soTheRecordCannotBeChangedThroughAnArray() {
        byte[] hash = hash(1);
        ApiKeyRecord key = new ApiKeyRecord("k1", "ci", hash, T0);

        hash[0] = 99;
        key.sha256()[1] = 99;

        assertThat(key.sha256()).isEqualTo(hash(1));
    }

    @Test
    void equals_comparesTheHashByContent() {
        ApiKeyRecord key = new ApiKeyRecord("k1", "ci", hash(1), T0);

        assertThat(key).isEqualTo(new ApiKeyRecord("k1", "ci", hash(1), T0))
                .hasSameHashCodeAs(new ApiKeyRecord("k1", "ci", hash(1), T0))
                .isNotEqualTo(new ApiKeyRecord("k1", "ci", hash(2), T0))
                .isNotEqualTo(new ApiKeyRecord("k2", "ci", hash(1), T0))
                .isNotEqualTo(new ApiKeyRecord("k1", "cd", hash(1), T0))
                .isNotEqualTo(new ApiKeyRecord("k1", "ci", hash(1), T0.plusSeconds(1)));
    }

    @Test
    void toString_showsTheHashInHex() {
        assertThat(new ApiKeyRecord("k1", "ci", hash(1), T0)).hasToString("ApiKeyRecord[id=k1, label=ci, sha256="
                + HexFormat.of().formatHex(hash(1)) + ", createdAt=2026-01-01T00:00:00Z]");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 16, 31, 33, 64})
    void constructor_refusesAHashThatIsNot32Bytes(int length) {
        assertThatThrownBy(() -> new ApiKeyRecord("k1", "ci", new byte[length], T0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an api key hash must be 32 bytes (SHA-256), not " + length);
    }

    @Test
    void constructor_refusesABlankIdAndMissingFields() {
        assertThatThrownBy(() -> new ApiKeyRecord(" ", "ci", hash(1), T0)).hasMessageContaining("id");
        assertThatThrownBy(() -> new ApiKeyRecord(null, "ci", hash(1), T0)).hasMessageContaining("id");
        assertThatThrownBy(() -> new ApiKeyRecord("k1", null, hash(1), T0)).hasMessage("label");
        assertThatThrownBy(() -> new ApiKeyRecord("k1", "ci", null, T0)).hasMessage("sha256");
        assertThatThrownBy(() -> new ApiKeyRecord("k1", "ci", hash(1), null)).hasMessage("createdAt");
    }

    private static byte[] hash(int fill) {
        byte[] hash = new byte[ApiKeyRecord.HASH_BYTES];
        Arrays.fill(hash, (byte) fill);
        return hash;
    }
}
