package dev.tokenkeeper.core.refresh;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads {@code error=…&error_description=…} bodies, as older providers (GitHub without Accept) answer. */
final class FormErrorShape {
    private static final Pattern FORM = Pattern.compile("[\\w.-]++=[^\\s<>{}]*+(?:&[\\w.-]++=[^\\s<>{}]*+)*+");

    private FormErrorShape() {}

    static boolean looksLikeForm(String contentType, String body) {
        String trimmed = body.strip();
        return contentType != null && contentType.toLowerCase(Locale.ROOT).contains("x-www-form-urlencoded")
                || FORM.matcher(trimmed).matches();
    }

    static ProviderError read(String body) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : body.strip().split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                fields.putIfAbsent(decode(pair.substring(0, equals)), decode(pair.substring(equals + 1)));
            }
        }
        String description = fields.get("error_description");
        return new ProviderError(fields.get("error"), description, ProviderError.aadstsIn(description));
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
