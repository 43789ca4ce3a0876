package dev.tokenkeeper.core.refresh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.tokenkeeper.core.provider.BoundedJson;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks anything that looks like a credential in text Tokenkeeper stores or logs (provider bodies, error
 * descriptions, transport messages), replacing it with {@value #MASK}.
 *
 * <p>Masked: values of fields whose name contains {@code token}, {@code secret}, {@code password}, {@code code}
 * and a few more (see {@link #isSecretName}; {@code token_type} and {@code error_codes} are kept), in JSON bodies
 * and in {@code name=value} / {@code "name": "value"} text; {@code Bearer}/{@code Basic} credentials; and opaque
 * runs of 20 or more characters of the base64, hex or JWT alphabet that hold an upper-case letter or a digit
 * (lower-case words, snake_case names and host names are kept, so prose stays readable; a random 20-character
 * token lacks both with odds under 1e-7). Redaction is idempotent.
 */
public final class Redactor {

    /** What a masked value becomes. */
    public static final String MASK = "[REDACTED]";

    /** Longest body {@link #redactBody} returns; the rest is cut. */
    public static final int MAX_BODY_CHARS = 64 * 1024;

    /** Shortest opaque run masked. */
    public static final int MIN_OPAQUE_LENGTH = 20;

    private static final String SECRET_WORDS =
            "token|secret|password|passwd|code|assertion|authorization|api[_-]?key|credential|cookie";
    /** Names that match a secret word but hold none. */
    private static final Set<String> NOT_SECRET = Set.of("token_type", "error_code", "error_codes", "status_code");
    private static final Pattern SECRET_NAME = Pattern.compile("(?i)" + SECRET_WORDS);
    // A whole name (the lookbehind and possessive run keep matching linear), then ':' or '=' and optional quotes.
    private static final Pattern NAME_SEPARATOR =
            Pattern.compile("(?<![\\w.-])([\\w.-]++)([\"']?[ \\t]*[:=][ \\t]*[\"']?)");
    private static final Pattern VALUE = Pattern.compile("[^\\s\"'&,;}]++");
    private static final Pattern SCHEME_CREDENTIAL =
            Pattern.compile("(?i)\\b(bearer|basic)(\\s+)[A-Za-z0-9._~+/=-]+");
    private static final Pattern OPAQUE = Pattern.compile("[A-Za-z0-9._~+/-]{" + MIN_OPAQUE_LENGTH + ",}={0,2}");
    private static final Pattern NOT_PROSE = Pattern.compile("[A-Z0-9]");
    /** Tokenkeeper's own setting names, which its error texts name so an operator knows what to change. */
    private static final Pattern OWN_SETTING = Pattern.compile("TOKENKEEPER(_[A-Z]+)+=*");
    private static final Pattern SCHEME = Pattern.compile("(?i)bearer|basic");
    private static final String TOKEN_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._~+/=-";

    private Redactor() {}

    /** True for a field or parameter name that holds a credential ({@code refresh_token}, {@code client_secret}…). */
    public static boolean isSecretName(String name) {
        if (name != null && OWN_SETTING.matcher(name).matches()) {
            // TOKENKEEPER_API_KEY is secret, TOKENKEEPER_ALLOW_PRIVATE_URLS is not: judge the name after our own.
            name = name.substring("TOKENKEEPER".length());
        }
        return name != null && SECRET_NAME.matcher(name).find() && !NOT_SECRET.contains(name.toLowerCase(Locale.ROOT));
    }

    /** Free text with credentials masked; null stays null. */
    public static String redactText(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String masked = maskNamedValues(text);
        masked = SCHEME_CREDENTIAL.matcher(masked).replaceAll("$1$2" + Matcher.quoteReplacement(MASK));
        return OPAQUE.matcher(masked).replaceAll(match -> NOT_PROSE.matcher(match.group()).find()
                        && !OWN_SETTING.matcher(match.group()).matches()
                ? Matcher.quoteReplacement(MASK)
                : Matcher.quoteReplacement(match.group()));
    }

    private static String maskNamedValues(String text) {
        Matcher name = NAME_SEPARATOR.matcher(text);
        Matcher value = VALUE.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        while (name.find(from)) {
            out.append(text, from, name.end());
            from = name.end();
            // "Authorization: Bearer x" keeps its scheme; the credential after it is masked below.
            if (isSecretName(name.group(1)) && value.region(from, text.length()).lookingAt()
                    && !SCHEME.matcher(value.group()).matches()) {
                out.append(MASK);
                from = value.end();
            }
        }
        return out.append(text, from, text.length()).toString();
    }

    /**
     * Text cut to at most {@code maxChars} (then marked with an ellipsis), dropping a word or token the cut went
     * through so no prefix of a credential survives; for bounding text before {@link #redactText}.
     */
    public static String cut(String text, int maxChars) {
        if (text == null || text.length() <= maxChars) {
            return text;
        }
        int end = maxChars;
        if (TOKEN_CHARS.indexOf(text.charAt(end)) >= 0) {
            while (end > 0 && TOKEN_CHARS.indexOf(text.charAt(end - 1)) >= 0) {
                end--;
            }
        }
        return text.substring(0, end) + "…";
    }

    /**
     * A whole response body with credentials masked, for event logs: a JSON body keeps its shape with every scalar
     * under a secret name masked and every other string redacted as text; any other body (form, HTML, text) is
     * redacted as text. A body over {@link #MAX_BODY_CHARS} is {@link #cut} first, so it is redacted as text.
     */
    public static String redactBody(String body) {
        if (body == null || body.isEmpty()) {
            return body;
        }
        String bounded = cut(body, MAX_BODY_CHARS);
        return BoundedJson.readTree(bounded)
                .map(tree -> BoundedJson.write(redactTree(tree, false)))
                .orElseGet(() -> redactText(bounded));
    }

    private static JsonNode redactTree(JsonNode node, boolean underSecretName) {
        if (node instanceof ObjectNode object) {
            ObjectNode masked = object.objectNode();
            object.properties().forEach(field -> masked.set(redactText(field.getKey()),
                    redactTree(field.getValue(), underSecretName || isSecretName(field.getKey()))));
            return masked;
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, redactTree(array.get(i), underSecretName));
            }
            return array;
        }
        if (underSecretName && (node.isTextual() || node.isNumber())) {
            return TextNode.valueOf(MASK);
        }
        return node.isTextual() ? TextNode.valueOf(redactText(node.asText())) : node;
    }
}
