package dev.tokenkeeper.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.provider.TokenResponseSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A refresh token's own expiry: read from the providers' fields (in seconds, from when the request was sent), kept
 * across a refresh that keeps the refresh token and replaced by one that rotates it, and refreshed before.
 */
class RefreshTokenExpiryTest {
    private static final Instant SENT_AT = Instant.parse("2026-03-01T10:00:00Z");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            "refresh_token_expires_in":15897600          | 15897600
            "refresh_token_expires_in":"15897600"        | 15897600
            "x_refresh_token_expires_in":8726400         | 8726400
            "refresh_expires_in":1800                    | 1800
            "refresh_token_expires_in":86400000          | 86400000
            """)
    void parse_readsTheRefreshTokensLifetimeInSeconds_fromTheRequestsSending(String field, long seconds) {
        TokenSet tokens = parsed("{\"access_token\":\"at\",\"refresh_token\":\"rt\",\"expires_in\":3600," + field + "}");

        assertThat(tokens.refreshTokenExpiresAt()).isEqualTo(SENT_AT.plusSeconds(seconds));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"access_token":"at","refresh_token":"rt","refresh_expires_in":0}                   | offline token, never
            {"access_token":"at","refresh_token":"rt"}                                          | not said
            {"access_token":"at","refresh_token_expires_in":3600}                               | no refresh token
            {"access_token":"at","refresh_token":"rt","refresh_token_expires_in":-5}             | negative
            {"access_token":"at","refresh_token":"rt","refresh_token_expires_in":"soon"}         | not a number
            {"access_token":"at","refresh_token":"rt","refresh_token_expires_in":1e30}           | absurd
            """)
    void parse_knowsNoRefreshTokenExpiry_whenNoneIsStatedUsably(String body, String why) {
        assertThat(parsed(body).refreshTokenExpiresAt()).as(why).isNull();
    }

    @Test
    void parse_notesAnUnusableRefreshTokenLifetime() {
        TokenParse parse = TokenResponseParser.parse("application/json",
                "{\"access_token\":\"at\",\"refresh_token\":\"rt\",\"refresh_token_expires_in\":\"soon\"}", SENT_AT,
                TokenResponseSettings.DEFAULT);

        assertThat(parse).isInstanceOfSatisfying(TokenParse.Parsed.class,
                parsed -> assertThat(parsed.notes()).contains("refresh_token_expires_in_invalid"));
    }

    @Test
    void merge_keepsTheExpiryOfAKeptRefreshToken_andTakesARotatedOnesOwn() {
        TokenSet previous = tokens("rt-1", SENT_AT.plus(Duration.ofDays(90)));

        TokenSet kept = TokenMerge.merge(previous, tokens(null, null));
        TokenSet rotatedWithExpiry = TokenMerge.merge(previous, tokens("rt-2", SENT_AT.plus(Duration.ofDays(100))));
        TokenSet rotatedWithout = TokenMerge.merge(previous, tokens("rt-3", null));

        assertThat(kept.refreshTokenExpiresAt()).isEqualTo(SENT_AT.plus(Duration.ofDays(90)));
        assertThat(rotatedWithExpiry.refreshTokenExpiresAt()).isEqualTo(SENT_AT.plus(Duration.ofDays(100)));
        assertThat(rotatedWithout.refreshTokenExpiresAt()).as("a new token's expiry is not the old one's").isNull();
    }

    @Test
    void nextRefreshAt_comesBeforeTheRefreshTokenExpires_whenThatIsSoonerThanTheAccessTokensRefresh() {
        Instant refreshTokenExpiry = SENT_AT.plus(Duration.ofHours(2));
        TokenSet longAccess = new TokenSet(Secret.of("at"), Secret.of("rt"), "Bearer", SENT_AT,
                SENT_AT.plus(Duration.ofDays(30)), List.of(), Map.of(), refreshTokenExpiry);
        TokenSet unknownAccess = new TokenSet(Secret.of("at"), Secret.of("rt"), "Bearer", SENT_AT, null, List.of(),
                Map.of(), SENT_AT.plus(Duration.ofDays(60)));
        TokenSet shortAccess = new TokenSet(Secret.of("at"), Secret.of("rt"), "Bearer", SENT_AT,
                SENT_AT.plus(Duration.ofHours(1)), List.of(), Map.of(), SENT_AT.plus(Duration.ofDays(60)));

        assertThat(ExpiryPolicy.DEFAULT.nextRefreshAt(longAccess, new Random(1)))
                .as("a quarter of the refresh token's 2 h before it expires")
                .isEqualTo(refreshTokenExpiry.minus(Duration.ofMinutes(30)));
        assertThat(ExpiryPolicy.DEFAULT.nextRefreshAt(unknownAccess, new Random(1)))
                .as("at most a day before").isEqualTo(SENT_AT.plus(Duration.ofDays(59)));
        assertThat(ExpiryPolicy.DEFAULT.nextRefreshAt(shortAccess, new Random(1)))
                .as("the access token's own refresh comes first").isBefore(SENT_AT.plus(Duration.ofHours(1)));
    }

    @Test
    void aTokenSetWithoutARefreshToken_hasNoRefreshTokenExpiry() {
        TokenSet tokens = new TokenSet(Secret.of("at"), null, "Bearer", SENT_AT, null, List.of(), Map.of(),
                SENT_AT.plus(Duration.ofDays(1)));

        assertThat(tokens.refreshTokenExpiresAt()).isNull();
    }

    private static TokenSet parsed(String body) {
        TokenParse parse = TokenResponseParser.parse("application/json", body, SENT_AT, TokenResponseSettings.DEFAULT);
        assertThat(parse).isInstanceOf(TokenParse.Parsed.class);
        return ((TokenParse.Parsed) parse).tokens();
    }

    private static TokenSet tokens(String refreshToken, Instant refreshTokenExpiresAt) {
        return new TokenSet(Secret.of("at"), Secret.ofNullable(refreshToken), "Bearer", SENT_AT,
                SENT_AT.plusSeconds(3600), List.of(), Map.of(), refreshTokenExpiresAt);
    }
}
