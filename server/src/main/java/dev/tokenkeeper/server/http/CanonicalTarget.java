package dev.tokenkeeper.server.http;

import java.util.Optional;

/**
 * Decides whether a request target is spelled the one way the router reads it. The router decodes percent-escapes,
 * drops {@code ;parameters} and resolves {@code .} and {@code ..} before it matches a route, so a target like
 * {@code /health/../v1/connections} or {@code /v1%2Fconnections} would reach a route while looking like another path.
 * Such targets are refused before routing: after this check, the raw path and the path the router matches are the
 * same text.
 *
 * <p>Refused: a target that does not start with {@code /} (asterisk form, garbage), an absolute-form target naming a
 * host other than the request's own {@code Host}, empty segments ({@code //}), {@code .} and {@code ..} segments,
 * {@code ;}, {@code \}, {@code #}, control characters, raw non-ASCII, malformed percent-escapes, and escapes of
 * characters that must not be escaped ({@code /}, {@code \}, {@code ;}, controls, and the unreserved letters,
 * digits, {@code -._~} — RFC 3986 §6.2.2.2 says those are always sent as themselves).
 */
public final class CanonicalTarget {
    private static final int MAX_PATH_LENGTH = 8 * 1024;

    private CanonicalTarget() {}

    /**
     * Why {@code rawTarget} is not canonical, or empty when it is.
     *
     * @param rawTarget the request target's path as sent (without the query), possibly in absolute form
     * @param authority the request's {@code Host}, which an absolute-form target must name
     */
    public static Optional<String> problem(String rawTarget, String authority) {
        if (rawTarget == null || rawTarget.isEmpty()) {
            return Optional.of("the request target is empty");
        }
        if (rawTarget.length() > MAX_PATH_LENGTH) {
            return Optional.of("the request path is longer than " + MAX_PATH_LENGTH + " characters");
        }
        String path = rawTarget;
        int scheme = schemeLength(rawTarget);
        if (scheme > 0) {
            int pathStart = rawTarget.indexOf('/', scheme);
            String targetAuthority = pathStart < 0 ? rawTarget.substring(scheme) : rawTarget.substring(scheme, pathStart);
            if (authority == null || !targetAuthority.equalsIgnoreCase(authority)) {
                return Optional.of("an absolute-form request target must name this server's own host (the Host"
                        + " header); send the path alone");
            }
            path = pathStart < 0 ? "/" : rawTarget.substring(pathStart);
        }
        if (path.charAt(0) != '/') {
            return Optional.of("the request target must be a path starting with '/'");
        }
        return pathProblem(path);
    }

    private static int schemeLength(String target) {
        if (target.regionMatches(true, 0, "http://", 0, 7)) {
            return 7;
        }
        return target.regionMatches(true, 0, "https://", 0, 8) ? 8 : 0;
    }

    private static Optional<String> pathProblem(String path) {
        int segmentStart = 1;
        for (int i = 1; i <= path.length(); i++) {
            if (i == path.length() || path.charAt(i) == '/') {
                Optional<String> segment = segmentProblem(path.substring(segmentStart, i), i == path.length());
                if (segment.isPresent()) {
                    return segment;
                }
                segmentStart = i + 1;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> segmentProblem(String segment, boolean last) {
        if (segment.isEmpty()) {
            return last ? Optional.empty() : Optional.of("the request path has an empty segment ('//')");
        }
        if (segment.equals(".") || segment.equals("..")) {
            return Optional.of("the request path has a '" + segment + "' segment");
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                Optional<String> escape = escapeProblem(segment, i);
                if (escape.isPresent()) {
                    return escape;
                }
                i += 2;
            } else if (c == ';' || c == '\\' || c == '#') {
                return Optional.of("the request path contains '" + c + "'");
            } else if (c <= 0x20 || c >= 0x7F) {
                return Optional.of("the request path contains a control, space or non-ASCII character; escape it");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> escapeProblem(String segment, int at) {
        if (at + 2 >= segment.length()) {
            return Optional.of("the request path has a malformed percent-escape");
        }
        int high = Character.digit(segment.charAt(at + 1), 16);
        int low = Character.digit(segment.charAt(at + 2), 16);
        if (high < 0 || low < 0) {
            return Optional.of("the request path has a malformed percent-escape");
        }
        int decoded = high * 16 + low;
        if (decoded == '/' || decoded == '\\' || decoded == ';') {
            return Optional.of("the request path escapes '" + (char) decoded + "' (" + segment.substring(at, at + 3)
                    + "), which the router would read as a separator");
        }
        if (decoded < 0x20 || decoded == 0x7F) {
            return Optional.of("the request path escapes a control character (" + segment.substring(at, at + 3) + ")");
        }
        if (unreserved(decoded)) {
            return Optional.of("the request path escapes '" + (char) decoded + "' (" + segment.substring(at, at + 3)
                    + "), which is always sent as itself");
        }
        return Optional.empty();
    }

    private static boolean unreserved(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }
}
