package dev.tokenkeeper.core.refresh;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenkeeper.core.provider.BoundedJson;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A provider's own words about a failure, read from its error body and already redacted.
 *
 * <p>Shapes read: OAuth ({@code error}, {@code error_description}), Slack ({@code ok:false, error}), Google APIs
 * ({@code error.status}, {@code error.message}, {@code error.errors[0].reason}), Microsoft identity platform
 * ({@code AADSTS} codes in the description or {@code error_codes[0]}), Facebook-style ({@code error.type},
 * {@code error.error_subcode}), a top-level {@code message}, form-encoded bodies, and the title or first line of
 * HTML and text pages.
 *
 * @param error       the provider's error code (OAuth {@code error}, Slack's {@code error}, Google's status), or null
 * @param description the provider's explanation, whitespace collapsed, or null
 * @param subcode     a finer code (Microsoft {@code AADSTS700082}, Google's {@code reason}), or null
 */
public record ProviderError(String error, String description, String subcode) {

    /** No provider words at all. */
    public static final ProviderError NONE = new ProviderError(null, null, null);

    private static final Pattern AADSTS = Pattern.compile("AADSTS\\d{1,12}");
    private static final Pattern TITLE = Pattern.compile("(?is)<title[^>]*>([^<]{1,300})</title>");
    private static final Pattern TAG = Pattern.compile("<[^>]{0,300}>");
    private static final Pattern JSON_ERROR = Pattern.compile("\"error\"\\s{0,20}:\\s{0,20}\"([^\"\\\\]{1,200})\"");
    private static final Pattern JSON_DESCRIPTION =
            Pattern.compile("\"error_description\"\\s{0,20}:\\s{0,20}\"([^\"]{0,500})\"");
    private static final int MAX_LINE = 300;
    private static final int MAX_TEXT = 2 * FailureReason.MAX_TEXT;

    public ProviderError {
        error = clean(error);
        description = clean(description);
        subcode = clean(subcode);
    }

    /**
     * Reads an error body of any shape; never fails.
     *
     * @param contentType the answer's Content-Type, or null
     * @param body        the answer's body, or null
     */
    public static ProviderError read(String contentType, String body) {
        if (body == null || body.isBlank()) {
            return NONE;
        }
        Optional<JsonNode> json = BoundedJson.readTree(body);
        if (json.isPresent()) {
            return json.get().isObject() ? JsonErrorShapes.read(json.get()) : NONE;
        }
        String head = body.length() <= BoundedJson.MAX_CHARS ? body : body.substring(0, BoundedJson.MAX_CHARS);
        if (head.stripLeading().startsWith("{")) {
            return malformedJson(head);
        }
        if (FormErrorShape.looksLikeForm(contentType, head)) {
            return FormErrorShape.read(head);
        }
        return new ProviderError(null, pageSummary(head), null);
    }

    /**
     * An OAuth error object that is not valid JSON (raw control characters in a string, a cut body): its
     * {@code error} and {@code error_description} read as plainly as they stand, so a dead grant is still named.
     */
    private static ProviderError malformedJson(String head) {
        Matcher error = JSON_ERROR.matcher(head);
        if (!error.find()) {
            return new ProviderError(null, firstLine(head), null);
        }
        Matcher description = JSON_DESCRIPTION.matcher(head);
        return new ProviderError(error.group(1), description.find() ? description.group(1) : null, null);
    }

    /** The first AADSTS code in a Microsoft description, or null. */
    static String aadstsIn(String description) {
        if (description == null) {
            return null;
        }
        Matcher matcher = AADSTS.matcher(description);
        return matcher.find() ? matcher.group() : null;
    }

    private static String pageSummary(String text) {
        Matcher title = TITLE.matcher(text);
        if (title.find()) {
            return title.group(1);
        }
        if (text.indexOf('<') >= 0) {
            return firstLine(TAG.matcher(text).replaceAll(" "));
        }
        return firstLine(text);
    }

    private static String firstLine(String text) {
        return text.strip().lines().filter(line -> !line.isBlank()).findFirst()
                .map(line -> line.length() <= MAX_LINE ? line : line.substring(0, MAX_LINE))
                .orElse(null);
    }

    private static String clean(String text) {
        if (text == null) {
            return null;
        }
        String redacted = Redactor.redactText(Redactor.cut(text, MAX_TEXT).replaceAll("\\s+", " ").strip());
        return redacted.isEmpty() ? null : redacted;
    }
}
