package dev.tokenkeeper.core.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretTest {

    @Test
    void toString_isRedacted_evenInsideRecords() {
        Secret access = Secret.of("ya29.very-secret-access");
        TokenSet tokens = new TokenSet(access, Secret.of("1//refresh-secret"), "bearer",
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T01:00:00Z"), List.of(), Map.of());

        assertThat(access).hasToString("[REDACTED]");
        assertThat(tokens.toString()).doesNotContain("very-secret").doesNotContain("refresh-secret")
                .contains("[REDACTED]");
    }

    @Test
    void reveal_returnsTheValue() {
        assertThat(Secret.of("abc").reveal()).isEqualTo("abc");
    }

    @Test
    void equals_comparesValues() {
        assertThat(Secret.of("abc")).isEqualTo(Secret.of("abc")).isNotEqualTo(Secret.of("abd"));
    }

    @Test
    void fingerprint_isStableAndDoesNotContainTheValue() {
        Secret secret = Secret.of("some-token-value");

        assertThat(secret.fingerprint()).isEqualTo(Secret.of("some-token-value").fingerprint())
                .startsWith("sha256:").hasSize(19).doesNotContain("some-token-value");
    }

    @Test
    void of_refusesBlankValues() {
        assertThatThrownBy(() -> Secret.of(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Secret.ofNullable("")).isNull();
    }
}
