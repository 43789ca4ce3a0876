package dev.tokenkeeper.fake;

import com.sun.net.httpserver.Headers;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** The registered OAuth clients and client authentication (RFC 6749 §2.3.1: HTTP Basic or form body). */
final class Clients {
    /** The outcome of authenticating a request: the client id claimed, and whether it was proven. */
    record Check(String claimedClientId, Failure failure) {
        boolean authenticated() {
            return failure == null;
        }
    }

    /** Why authentication failed. */
    enum Failure { MISSING, MALFORMED, TWO_METHODS, UNKNOWN_CLIENT, WRONG_SECRET }

    private final Map<String, String> secrets = new ConcurrentHashMap<>();

    void register(String clientId, String clientSecret) {
        requireText(clientId, "clientId");
        requireText(clientSecret, "clientSecret");
        secrets.put(clientId, clientSecret);
    }

    boolean exists(String clientId) {
        return clientId != null && secrets.containsKey(clientId);
    }

    /** The client id a request claims, from its Basic credentials or its form, without checking it. */
    static String claimedClientId(Headers headers, Form form) {
        String[] basic = basicCredentials(headers);
        return basic != null ? basic[0] : form.get("client_id");
    }

    Check authenticate(Headers headers, Form form) {
        String authorization = headers.getFirst("Authorization");
        if (authorization == null) {
            return verify(form.get("client_id"), form.get("client_secret"));
        }
        String[] basic = basicCredentials(headers);
        if (basic == null) {
            return new Check(form.get("client_id"), Failure.MALFORMED);
        }
        if (form.get("client_secret") != null) {
            return new Check(basic[0], Failure.TWO_METHODS);
        }
        return verify(basic[0], basic[1]);
    }

    private Check verify(String clientId, String secret) {
        if (clientId == null || secret == null) {
            return new Check(clientId, Failure.MISSING);
        }
        String expected = secrets.get(clientId);
        if (expected == null) {
            return new Check(clientId, Failure.UNKNOWN_CLIENT);
        }
        return new Check(clientId, Tokens.sameSecret(expected, secret) ? null : Failure.WRONG_SECRET);
    }

    /** {id, secret} from {@code Authorization: Basic}, each form-urlencoded per RFC 6749 §2.3.1; else null. */
    private static String[] basicCredentials(Headers headers) {
        String authorization = headers.getFirst("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? null
                : new String[] {Form.decode(decoded.substring(0, colon)), Form.decode(decoded.substring(colon + 1))};
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
