package dev.tokenkeeper.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TokenMergeTest {
    private static final Instant FIRST = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant SECOND = FIRST.plusSeconds(3000);

    private static final TokenSet PREVIOUS = new TokenSet(Secret.of("at-1"), Secret.of("rt-1"), "Bearer", FIRST,
            FIRST.plusSeconds(3600), List.of("api", "refresh_token"),
            Map.of("instance_url", "https://eu1.salesforce.com", "id_token", "old"));

    private static TokenSet refreshed(Secret refreshToken, List<String> scopes, Map<String, Object> raw) {
        return new TokenSet(Secret.of("at-2"), refreshToken, "Bearer", SECOND, SECOND.plusSeconds(3600), scopes, raw);
    }

    @Test
    void keepsPreviousRefreshToken_whenResponseOmitsIt() {
        TokenSet merged = TokenMerge.merge(PREVIOUS, refreshed(null, List.of(), Map.of()));

        assertThat(merged.accessToken()).isEqualTo(Secret.of("at-2"));
        assertThat(merged.refreshToken()).isEqualTo(Secret.of("rt-1"));
        assertThat(merged.issuedAt()).isEqualTo(SECOND);
        assertThat(merged.expiresAt()).isEqualTo(SECOND.plusSeconds(3600));
    }

    @Test
    void replacesRefreshToken_whenProviderRotatesIt() {
        TokenSet merged = TokenMerge.merge(PREVIOUS, refreshed(Secret.of("rt-2"), List.of(), Map.of()));

        assertThat(merged.refreshToken()).isEqualTo(Secret.of("rt-2"));
    }

    @Test
    void overlaysNewRawFieldsOnOldOnes_whenBothHaveFields() {
        TokenSet merged = TokenMerge.merge(PREVIOUS, refreshed(null, List.of(), Map.of("id_token", "new", "x", 1)));

        assertThat(merged.raw()).containsExactlyInAnyOrderEntriesOf(
                Map.of("instance_url", "https://eu1.salesforce.com", "id_token", "new", "x", 1));
    }

    @Test
    void keepsPreviousScopes_whenResponseStatesNone() {
        assertThat(TokenMerge.merge(PREVIOUS, refreshed(null, List.of(), Map.of())).scopes())
                .containsExactly("api", "refresh_token");
    }

    @Test
    void takesNewScopes_whenResponseStatesThem() {
        assertThat(TokenMerge.merge(PREVIOUS, refreshed(null, List.of("api"), Map.of())).scopes())
                .containsExactly("api");
    }

    @Test
    void takesUnknownExpiry_whenRefreshedTokenStatesNone() {
        TokenSet unknown = new TokenSet(Secret.of("at-2"), null, null, SECOND, null, List.of(), Map.of());

        assertThat(TokenMerge.merge(PREVIOUS, unknown).expiresAt()).isNull();
    }

    @ParameterizedTest
    @MethodSource("dev.tokenkeeper.core.token.RandomTokenSets#seeds")
    void neverLosesARefreshTokenOrAField_forAnyPairOfTokenSets(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < RandomTokenSets.CASES_PER_SEED; i++) {
            TokenSet previous = RandomTokenSets.any(random);
            TokenSet refreshed = RandomTokenSets.any(random);

            TokenSet merged = TokenMerge.merge(previous, refreshed);

            assertThat(merged.refreshToken()).isEqualTo(
                    refreshed.refreshToken() != null ? refreshed.refreshToken() : previous.refreshToken());
            assertThat(merged.accessToken()).isEqualTo(refreshed.accessToken());
            assertThat(merged.raw()).containsAllEntriesOf(refreshed.raw())
                    .containsOnlyKeys(union(previous.raw(), refreshed.raw()));
            assertThat(merged.scopes())
                    .isEqualTo(refreshed.scopes().isEmpty() ? previous.scopes() : refreshed.scopes());
        }
    }

    private static List<String> union(Map<String, Object> a, Map<String, Object> b) {
        return Stream.concat(a.keySet().stream(), b.keySet().stream()).distinct().toList();
    }
}
