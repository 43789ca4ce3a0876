package dev.tokenkeeper.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.provider.ExpiresInUnit;
import dev.tokenkeeper.core.provider.TokenResponseSettings;
import java.time.Duration;
import java.time.Instant;

/** Parses bodies at a fixed send time and unwraps the result the test expects. */
final class TokenResponses {
    static final Instant SENT_AT = Instant.parse("2026-03-01T10:00:00Z");
    static final String JSON = "application/json; charset=utf-8";
    static final String FORM = "application/x-www-form-urlencoded";
    static final TokenResponseSettings AUTO = TokenResponseSettings.DEFAULT;
    static final TokenResponseSettings SECONDS = new TokenResponseSettings(ExpiresInUnit.SECONDS, null);
    static final TokenResponseSettings MILLISECONDS = new TokenResponseSettings(ExpiresInUnit.MILLISECONDS, null);
    static final TokenResponseSettings AUTO_TWO_HOURS_DEFAULT =
            new TokenResponseSettings(ExpiresInUnit.AUTO, Duration.ofHours(2));

    static TokenParse.Parsed parsed(String contentType, String body, TokenResponseSettings settings) {
        TokenParse result = TokenResponseParser.parse(contentType, body, SENT_AT, settings);
        assertThat(result).isInstanceOf(TokenParse.Parsed.class);
        return (TokenParse.Parsed) result;
    }

    static TokenParse.Parsed parsed(String body) {
        return parsed(JSON, body, AUTO);
    }

    static TokenParse.Rejected rejected(String contentType, String body) {
        TokenParse result = TokenResponseParser.parse(contentType, body, SENT_AT, AUTO);
        assertThat(result).isInstanceOf(TokenParse.Rejected.class);
        return (TokenParse.Rejected) result;
    }

    /** The lifetime the parse resolved, or null when the expiry is unknown. */
    static Duration lifetime(TokenParse.Parsed parsed) {
        return parsed.tokens().lifetime().orElse(null);
    }

    private TokenResponses() {}
}
