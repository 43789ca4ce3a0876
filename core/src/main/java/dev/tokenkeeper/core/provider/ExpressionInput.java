package dev.tokenkeeper.core.provider;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds the {@code {status, headers, body}} document an error expression is evaluated over. */
final class ExpressionInput {

    private ExpressionInput() {}

    /**
     * The input document: header names in lower case, each with its first value or, when repeated, all values; the
     * body as parsed JSON when it is a JSON object or array, else the raw text (cut to {@link BoundedJson#MAX_CHARS}).
     */
    static Map<String, Object> of(int status, Map<String, List<String>> headers, String body) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("status", (long) status);
        input.put("headers", headers(headers));
        String text = body == null ? "" : body;
        input.put("body", BoundedJson.read(text).orElseGet(() -> cut(text)));
        return input;
    }

    private static Map<String, Object> headers(Map<String, List<String>> headers) {
        Map<String, Object> byName = new LinkedHashMap<>();
        if (headers == null) {
            return byName;
        }
        headers.forEach((name, values) -> {
            if (name != null && values != null && !values.isEmpty()) {
                Object value = values.size() == 1 ? values.getFirst() : List.copyOf(values);
                byName.merge(name.toLowerCase(Locale.ROOT), value, (first, second) -> first);
            }
        });
        return byName;
    }

    private static String cut(String text) {
        return text.length() <= BoundedJson.MAX_CHARS ? text : text.substring(0, BoundedJson.MAX_CHARS);
    }
}
