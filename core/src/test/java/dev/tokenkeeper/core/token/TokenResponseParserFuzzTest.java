package dev.tokenkeeper.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tokenkeeper.core.provider.ExpiresInUnit;
import dev.tokenkeeper.core.provider.TokenResponseSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Fuzzes the parser: whatever the bytes, it answers a TokenParse, never leaks a token, and keeps its invariants.
 *
 * <p>An input is UTF-8 text: the first line is the Content-Type (empty for none), the rest the body; every
 * {@value #TOKEN_MARK} in it is replaced by a token value that must never reach a rejection message or a note.
 * Saved inputs under {@code TokenResponseParserFuzzTestInputs/parsesAnyBodySafely} replay in every test run.
 */
class TokenResponseParserFuzzTest {
    static final String TOKEN_MARK = "$T";
    private static final String TOKEN = "tk-canary-5e1d0b7a";
    private static final Instant SENT_AT = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant LATEST_EXPIRY = SENT_AT.plus(Duration.ofDays(3653));
    private static final List<TokenResponseSettings> SETTINGS = List.of(
            new TokenResponseSettings(ExpiresInUnit.AUTO, null),
            new TokenResponseSettings(ExpiresInUnit.SECONDS, null),
            new TokenResponseSettings(ExpiresInUnit.MILLISECONDS, Duration.ofHours(1)));

    @FuzzTest
    void parsesAnyBodySafely(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8).replace(TOKEN_MARK, TOKEN);
        int lineEnd = text.indexOf('\n');
        String contentType = lineEnd < 0 || lineEnd == 0 ? null : text.substring(0, lineEnd);
        String body = lineEnd < 0 ? text : text.substring(lineEnd + 1);
        for (TokenResponseSettings settings : SETTINGS) {
            switch (TokenResponseParser.parse(contentType, body, SENT_AT, settings)) {
                case TokenParse.Rejected rejected -> checkRejected(rejected);
                case TokenParse.Parsed parsed -> checkParsed(parsed, settings);
            }
        }
    }

    private static void checkRejected(TokenParse.Rejected rejected) {
        assertThat(rejected.code()).isIn("unparsable", "error_body", "missing_access_token");
        assertThat(rejected.message()).isNotBlank().hasSizeLessThan(120).doesNotContain(TOKEN);
    }

    private static void checkParsed(TokenParse.Parsed parsed, TokenResponseSettings settings) {
        TokenSet tokens = parsed.tokens();
        assertThat(parsed.notes()).allSatisfy(note -> assertThat(note).matches("[a-z_]+"));
        assertThat(tokens.accessToken().reveal()).isNotBlank().isEqualTo(tokens.accessToken().reveal().strip())
                .doesNotContainPattern("\\p{Cntrl}");
        tokens.refreshTokenIfAny().ifPresent(refresh -> assertThat(refresh.reveal()).isNotBlank()
                .doesNotContainPattern("\\p{Cntrl}"));
        assertThat(tokens.issuedAt()).isEqualTo(SENT_AT);
        if (tokens.expiresAt() != null) {
            assertThat(tokens.expiresAt()).isAfter(SENT_AT).isBeforeOrEqualTo(LATEST_EXPIRY);
        } else {
            assertThat(settings.defaultTtl()).isNull();
        }
        assertThat(tokens.scopes()).allSatisfy(scope -> assertThat(scope).isNotEmpty().doesNotContain(",", " "));
        assertThat(tokens.raw()).doesNotContainKeys("access_token", "refresh_token").doesNotContainValue(null);
    }
}
