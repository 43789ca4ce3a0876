package dev.tokenkeeper.server.admin;

import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import java.util.Optional;

/** Reads one cookie from a request's {@code Cookie} headers. */
final class Cookies {
    private Cookies() {}

    /** The value of the first cookie named {@code name}, if the request sent one. */
    static Optional<String> value(Headers headers, String name) {
        if (!headers.contains(HeaderNames.COOKIE)) {
            return Optional.empty();
        }
        for (String header : headers.get(HeaderNames.COOKIE).allValues()) {
            for (String pair : header.split(";")) {
                int equals = pair.indexOf('=');
                if (equals > 0 && pair.substring(0, equals).strip().equals(name)) {
                    return Optional.of(pair.substring(equals + 1).strip());
                }
            }
        }
        return Optional.empty();
    }
}
