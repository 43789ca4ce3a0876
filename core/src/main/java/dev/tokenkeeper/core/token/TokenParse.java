package dev.tokenkeeper.core.token;

import java.util.List;
import java.util.Objects;

/** The reading of a token-endpoint body: tokens, or why the body is not a token response. */
public sealed interface TokenParse {

    /**
     * A usable token response.
     *
     * @param notes how lenient readings were resolved, for diagnostics (e.g. {@code expires_in_milliseconds_guessed},
     *              {@code expires_in_invalid}, {@code expiry_from_default_ttl}); never holds a token
     */
    record Parsed(TokenSet tokens, List<String> notes) implements TokenParse {
        public Parsed {
            Objects.requireNonNull(tokens, "tokens");
            notes = notes == null ? List.of() : List.copyOf(notes);
        }
    }

    /**
     * Not a token response: an error body ({@code error} field, {@code ok:false}), no {@code access_token},
     * or not JSON nor a form.
     *
     * @param code    {@code error_body}, {@code missing_access_token} or {@code unparsable}
     * @param message one sentence, without any token
     */
    record Rejected(String code, String message) implements TokenParse {
        public Rejected {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }
    }
}
