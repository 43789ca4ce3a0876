package dev.tokenkeeper.core.token;

import dev.tokenkeeper.core.provider.TokenResponseSettings;
import java.time.Instant;

/** Reads token responses leniently and safely. (Being implemented.) */
public final class TokenResponseParser {

    /**
     * Reads a token-endpoint body.
     *
     * @param contentType the response's Content-Type header, or null
     * @param body        the body as text
     * @param sentAt      when the request was sent: relative expiries count from here
     * @param settings    the provider's token-response settings
     */
    public static TokenParse parse(String contentType, String body, Instant sentAt, TokenResponseSettings settings) {
        throw new UnsupportedOperationException("not yet");
    }

    private TokenResponseParser() {}
}
