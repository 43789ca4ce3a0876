package dev.tokenkeeper.server.admin;

import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Reads a console form's {@code application/x-www-form-urlencoded} body, up to {@link #MAX_BYTES}. */
final class Forms {
    /** The largest form body read; a longer one reads as no form at all. */
    static final int MAX_BYTES = 16 * 1024;

    private Forms() {}

    /** The form's fields (the first value of each), or empty when the body is too long or not a form. */
    static Optional<Map<String, String>> read(ServerRequest request) {
        byte[] body;
        try (InputStream in = request.content().inputStream()) {
            body = in.readNBytes(MAX_BYTES + 1);
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (body.length > MAX_BYTES) {
            return Optional.empty();
        }
        Map<String, String> fields = new HashMap<>();
        try {
            for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                fields.putIfAbsent(name, value);
            }
        } catch (IllegalArgumentException e) { // a broken %-escape
            return Optional.empty();
        }
        return Optional.of(fields);
    }

    /** A query string ({@code a=1&b=2}) of the pairs whose value is not null nor empty, each part encoded. */
    static String query(String... namesAndValues) {
        StringBuilder query = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            String value = namesAndValues[i + 1];
            if (value == null || value.isEmpty()) {
                continue;
            }
            query.append(query.isEmpty() ? "" : "&").append(namesAndValues[i]).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
        return query.toString();
    }
}
