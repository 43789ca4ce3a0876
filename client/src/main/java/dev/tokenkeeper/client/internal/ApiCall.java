package dev.tokenkeeper.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * One call of the API: method, path, query parameters, an optional JSON body, and whether it may be sent again
 * after a {@code Retry-After} (GETs, token and refresh, and writes the API documents as safe to repeat).
 */
public record ApiCall(String method, String path, List<Map.Entry<String, String>> query, JsonNode body,
        boolean retryable) {
    public ApiCall {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        query = List.copyOf(query);
    }

    /** A GET of {@code path} (segments already encoded with {@link #segment}); always retryable. */
    public static ApiCall get(String path) {
        return new ApiCall("GET", path, List.of(), null, true);
    }

    /** A POST of {@code body} (null: none), not retried. */
    public static ApiCall post(String path, JsonNode body) {
        return new ApiCall("POST", path, List.of(), body, false);
    }

    public static ApiCall of(String method, String path, JsonNode body) {
        return new ApiCall(method, path, List.of(), body, false);
    }

    /** This call, retried after a {@code Retry-After} when {@code retryable}. */
    public ApiCall retryable(boolean retryable) {
        return new ApiCall(method, path, query, body, retryable);
    }

    /** This call with the query parameter {@code name=value} added; a null value adds nothing. */
    public ApiCall param(String name, Object value) {
        if (value == null) {
            return this;
        }
        List<Map.Entry<String, String>> more = new ArrayList<>(query);
        more.add(Map.entry(name, value.toString()));
        return new ApiCall(method, path, more, body, retryable);
    }

    /** The path and the encoded query. */
    public String target() {
        if (query.isEmpty()) {
            return path;
        }
        StringJoiner joined = new StringJoiner("&", path + "?", "");
        query.forEach(entry -> joined.add(encode(entry.getKey()) + "=" + encode(entry.getValue())));
        return joined.toString();
    }

    /** An id as one path segment, percent-encoded where it must be. */
    public static String segment(String id) {
        Objects.requireNonNull(id, "id");
        if (id.isEmpty()) {
            throw new IllegalArgumentException("an id must not be empty");
        }
        return encode(id);
    }

    private static String encode(String text) {
        // Unreserved characters and ":" stay as they are: the service refuses their escapes as non-canonical.
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20").replace("%3A", ":")
                .replace("%7E", "~");
    }
}
