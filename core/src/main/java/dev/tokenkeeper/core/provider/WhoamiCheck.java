package dev.tokenkeeper.core.provider;

import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A cheap authenticated API call that proves a token works, used by diagnostics.
 *
 * @param method HTTP method (GET, POST, …)
 * @param path   path below the provider's API base URL, starting with '/', with no '.' or '..' segment, empty
 *               segment, backslash or control character, and no percent-encoded dot, slash, backslash or percent
 *               sign, so that it cannot leave the API base URL
 */
public record WhoamiCheck(String method, String path) {
    private static final Set<String> METHODS = Set.of("GET", "POST", "HEAD");
    /** A backslash, a control character, or an encoded dot, slash, backslash or percent sign. */
    private static final Pattern UNSAFE =
            Pattern.compile("[\\\\\\x00-\\x20\\x7f]|%(2[eEfF]|5[cC]|25|[01][0-9a-fA-F]|7[fF])");

    public WhoamiCheck {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("whoami.method must be GET, POST or HEAD");
        }
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("whoami.path must start with '/'");
        }
        if (!staysBelowBase(path)) {
            throw new IllegalArgumentException("whoami.path must stay below api_base_url: no '.' or '..' segments,"
                    + " empty segments, backslashes, control characters or encoded dots, slashes, backslashes or"
                    + " percent signs");
        }
    }

    private static boolean staysBelowBase(String path) {
        int end = path.length();
        for (char stop : new char[] {'?', '#'}) {
            int at = path.indexOf(stop);
            end = at >= 0 ? Math.min(end, at) : end;
        }
        String pathPart = path.substring(0, end);
        if (UNSAFE.matcher(pathPart).find()) {
            return false;
        }
        String[] segments = pathPart.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.equals(".") || segment.equals("..") || segment.isEmpty() && i < segments.length - 1) {
                return false;
            }
        }
        return true;
    }
}
