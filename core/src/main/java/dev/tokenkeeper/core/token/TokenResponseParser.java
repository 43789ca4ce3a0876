package dev.tokenkeeper.core.token;

import dev.tokenkeeper.core.provider.TokenResponseSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads token-endpoint bodies leniently and safely: any text gives a {@link TokenParse}, never an exception.
 *
 * <p><b>Format.</b> A JSON object, or an {@code application/x-www-form-urlencoded} form (GitHub). The format the
 * Content-Type names is tried first, then the other; without one, JSON first. Anything else, an empty body, or a
 * body over {@value #MAX_BODY_CHARS} characters is {@code unparsable}. JSON is read with bounded nesting
 * (64 levels) and number length (100 digits), no
 * trailing content; for a duplicated key the last value wins. A null field counts as absent.
 *
 * <p><b>Failures.</b> An {@code error} field (other than null, blank or false) or {@code ok: false} (Slack) is
 * {@code error_body}, whatever the HTTP status; then a missing, non-string, blank or control-character
 * {@code access_token} is {@code missing_access_token}. Rejection messages are fixed sentences: they never echo
 * the body, so they never hold a token.
 *
 * <p><b>Expiry.</b> {@code expires_in}, its non-standard twin {@code expires}, and {@code expires_at} are read;
 * when several are valid the earliest expiry wins (refreshing early is safe, late is not).
 * <ul>
 *   <li>{@code expires_in}/{@code expires}: a number or numeric string, integer or decimal, counted from
 *       {@code sentAt} (when the request was sent, so the stored expiry is never later than the real one). The unit
 *       is the provider's {@code expiresInUnit}; under AUTO a value is read as milliseconds when it is at least
 *       1,000,000 (11.6 days if seconds), unless it is a whole number of days of at most 100, or up to an hour less
 *       (2,592,000 or 5,183,999: the 30- and 60-day second lifetimes of LinkedIn, Pinterest or Facebook). The
 *       rule leans to milliseconds because the mistakes are not symmetric: milliseconds read as seconds make an
 *       expired token look valid for weeks, seconds read as milliseconds only refresh early. A guess of
 *       milliseconds is noted ({@code expires_in_milliseconds_guessed}); providers with long second lifetimes
 *       should state {@code seconds}.</li>
 *   <li>{@code expires_at}: epoch seconds, epoch milliseconds when at least 10^11 (seconds that large would be
 *       the year 5138), as a number or numeric string, or an RFC 3339 timestamp.</li>
 *   <li>A value that is not a number, not positive, under a millisecond, beyond ten years after resolving its
 *       unit, or an {@code expires_at} not after {@code sentAt}, is ignored with a note naming it
 *       ({@code expires_in_invalid}, {@code expires_invalid}, {@code expires_at_invalid}); an {@code expires_at}
 *       that had already passed when the request was sent (by less than a day) is also noted
 *       {@code expires_at_past}: a clock, this host's or the provider's, is off.</li>
 *   <li>With no valid expiry: {@code sentAt + defaultTtl} when the provider sets one (noted
 *       {@code expiry_from_default_ttl}), else unknown ({@code expiresAt} null).</li>
 * </ul>
 *
 * <p><b>Other fields.</b> {@code refresh_token} is optional (blank counts as absent; another kind is noted
 * {@code refresh_token_invalid}); tokens are stripped of surrounding white space. {@code token_type} is kept in any
 * case ({@link TokenSet} normalizes bearer). {@code scope} may be a space- or comma-separated string or an array of
 * strings. Every field but {@code access_token} and {@code refresh_token} is kept in {@link TokenSet#raw()},
 * nested objects included.
 */
public final class TokenResponseParser {
    /** Longest body read: a token response is a few kilobytes, so anything near this is not one. */
    public static final int MAX_BODY_CHARS = 1 << 20;

    private static final String FORM = "application/x-www-form-urlencoded";

    /**
     * Reads a token-endpoint body.
     *
     * @param contentType the response's Content-Type header, or null
     * @param body        the body as text
     * @param sentAt      when the request was sent: relative expiries count from here
     * @param settings    the provider's token-response settings
     */
    public static TokenParse parse(String contentType, String body, Instant sentAt, TokenResponseSettings settings) {
        Objects.requireNonNull(sentAt, "sentAt");
        Objects.requireNonNull(settings, "settings");
        if (body == null || body.isBlank()) {
            return new TokenParse.Rejected("unparsable", "The token response body is empty.");
        }
        if (body.length() > MAX_BODY_CHARS) {
            return new TokenParse.Rejected("unparsable", "The token response body is longer than 1 MiB.");
        }
        return fields(contentType, body.startsWith("\uFEFF") ? body.substring(1) : body)
                .map(fields -> interpret(fields, sentAt, settings))
                .orElseGet(() -> new TokenParse.Rejected(
                        "unparsable", "The token response body is neither a JSON object nor a form."));
    }

    /**
     * The instant an {@code expires_at} value names (epoch seconds, epoch milliseconds or RFC 3339 text, as
     * {@link #parse} reads it), past or future; empty when it names none.
     */
    public static Optional<Instant> absoluteExpiry(Object value) {
        return value == null ? Optional.empty() : AbsoluteExpiry.instant(value);
    }

    private static Optional<Map<String, Object>> fields(String contentType, String body) {
        boolean declaredForm = contentType != null && contentType.toLowerCase(Locale.ROOT).strip().startsWith(FORM);
        return declaredForm
                ? FormFields.read(body).or(() -> JsonFields.read(body))
                : JsonFields.read(body).or(() -> FormFields.read(body));
    }

    private static TokenParse interpret(Map<String, Object> fields, Instant sentAt, TokenResponseSettings settings) {
        if (hasError(fields.get("error"))) {
            return new TokenParse.Rejected("error_body", "The token response carries an error field.");
        }
        if (isFalse(fields.get("ok"))) {
            return new TokenParse.Rejected("error_body", "The token response says ok: false.");
        }
        Secret accessToken = TokenFields.credential(fields.get(TokenFields.ACCESS_TOKEN));
        if (accessToken == null) {
            return new TokenParse.Rejected(
                    "missing_access_token", "The token response has no usable access_token string.");
        }
        List<String> notes = new ArrayList<>();
        Secret refreshToken = TokenFields.refreshToken(fields, notes);
        TokenSet tokens = new TokenSet(
                accessToken,
                refreshToken,
                TokenFields.tokenType(fields, notes),
                sentAt,
                ExpiryReading.expiresAt(fields, sentAt, settings, notes),
                TokenFields.scopes(fields, notes),
                TokenFields.raw(fields),
                refreshToken == null ? null : ExpiryReading.refreshTokenExpiresAt(fields, sentAt, settings, notes));
        return new TokenParse.Parsed(tokens, notes);
    }

    private static boolean hasError(Object error) {
        return error != null && !Boolean.FALSE.equals(error) && !(error instanceof String text && text.isBlank());
    }

    private static boolean isFalse(Object ok) {
        return Boolean.FALSE.equals(ok) || ok instanceof String text && text.strip().equalsIgnoreCase("false");
    }

    private TokenResponseParser() {}
}
