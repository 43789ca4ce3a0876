package dev.tokenkeeper.core.token;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads an {@code application/x-www-form-urlencoded} body (GitHub-style token responses) into string values. */
final class FormFields {
    /** What an encoded key may hold: enough to tell a form from HTML or prose that happens to contain '='. */
    private static final Pattern ENCODED_KEY = Pattern.compile("[A-Za-z0-9_.~+%\\-\\[\\]]+");

    /** The fields of a body made only of {@code key=value} pairs joined by '&', or empty for anything else. */
    static Optional<Map<String, Object>> read(String body) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (String pair : body.strip().split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            if (equals <= 0 || !ENCODED_KEY.matcher(pair.substring(0, equals)).matches()) {
                return Optional.empty();
            }
            fields.put(decode(pair.substring(0, equals)), decode(pair.substring(equals + 1)));
        }
        return fields.isEmpty() ? Optional.empty() : Optional.of(fields);
    }

    /** Percent-decodes leniently: a malformed escape keeps the text as sent rather than losing the field. */
    private static String decode(String encoded) {
        try {
            return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformedEscape) {
            return encoded;
        }
    }

    private FormFields() {}
}
