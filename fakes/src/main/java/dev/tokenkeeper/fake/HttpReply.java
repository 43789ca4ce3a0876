package dev.tokenkeeper.fake;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An answer to send: status, headers, body, and the OAuth error it carries (for the history).
 *
 * <p>Status 0 means no answer: the connection is dropped.
 */
record HttpReply(int status, Map<String, String> headers, byte[] body, String error) {
    static final HttpReply DROPPED = new HttpReply(0, Map.of(), new byte[0], null);
    private static final String JSON = "application/json";

    HttpReply {
        if (status != 0 && (status < 100 || status > 599)) {
            throw new IllegalArgumentException("not an HTTP status: " + status);
        }
        headers = Map.copyOf(headers);
    }

    /** A JSON object answer; its error is the body's {@code error} field when that is a string. */
    static HttpReply json(int status, Map<String, ?> body) {
        String error = body.get("error") instanceof String code ? code : null;
        return new HttpReply(status, Map.of("Content-Type", JSON), Json.write(body), error);
    }

    /** An answer given verbatim; its error is read from the body if it is JSON. */
    static HttpReply verbatim(int status, Map<String, String> headers, String body) {
        return new HttpReply(status, headers, body.getBytes(StandardCharsets.UTF_8), Json.errorField(body));
    }

    static HttpReply empty(int status, Map<String, String> headers) {
        return new HttpReply(status, headers, new byte[0], null);
    }

    HttpReply withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new HttpReply(status, more, body, error);
    }

    boolean dropped() {
        return status == 0;
    }

    /** Sends this answer, or for {@link #DROPPED} closes the connection without one. */
    void send(HttpExchange exchange) throws IOException {
        if (dropped()) {
            exchange.close(); // before any response header: the JDK server closes the connection itself
            return;
        }
        headers.forEach(exchange.getResponseHeaders()::set);
        boolean noBody = body.length == 0 || "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
