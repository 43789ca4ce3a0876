package dev.tokenkeeper.core.action;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The provider call an action makes, as the caller gave it (checked by the API before it gets here): a method, a
 * path below the provider's {@code api_base_url}, a raw query, the headers to send (never {@code Authorization}: the
 * connection's access token is added at each attempt) and the body bytes. Stored encrypted; it may carry personal data.
 *
 * @param method  an upper-case HTTP method
 * @param path    starts with '/', relative to the provider's {@code api_base_url}
 * @param query   the raw query string without '?', or null
 * @param headers header names in lower case, each with its values in order
 * @param body    the bytes sent, empty for none
 */
public record ActionRequest(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {
    public ActionRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/'");
        }
        Map<String, List<String>> copy = new LinkedHashMap<>();
        (headers == null ? Map.<String, List<String>>of() : headers).forEach(
                (name, values) -> copy.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        headers = java.util.Collections.unmodifiableMap(copy);
        body = body == null ? new byte[0] : body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The body's length without copying it. */
    public int bodyLength() {
        return body.length;
    }

    /**
     * A SHA-256 fingerprint of the whole request (method, path, query, headers in name order, body), hex: two
     * creations with one idempotency key are the same request exactly when their fingerprints are equal.
     */
    public String fingerprint() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            List<String> parts = new ArrayList<>(List.of(method, path, query == null ? "" : query));
            new TreeMap<>(headers).forEach((name, values) -> parts.add(name + ":" + String.join("\u0000", values)));
            for (String part : parts) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
                digest.update((byte) ':');
                digest.update(bytes);
            }
            digest.update(body);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ActionRequest that && method.equals(that.method) && path.equals(that.path)
                && Objects.equals(query, that.query) && headers.equals(that.headers) && Arrays.equals(body, that.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, path, query, headers, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return "ActionRequest[" + method + " " + path + ", " + body.length + " body bytes]";
    }
}
