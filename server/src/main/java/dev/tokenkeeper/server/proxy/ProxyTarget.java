package dev.tokenkeeper.server.proxy;

import dev.tokenkeeper.server.http.ApiProblem;
import java.net.URI;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Builds the provider URL a proxied request goes to, refusing anything that could leave the provider's
 * {@code api_base_url}: only its scheme, host and port, and only at or below its path.
 *
 * <p>The path is checked as received, still percent-encoded, and refused ({@code 400 proxy_target_refused}) when it
 * holds a character outside RFC 3986's path characters, a raw {@code @} (user info), a backslash, an empty or a
 * {@code .} or {@code ..} segment, a first segment that reads as a URL scheme ({@code https:}), a malformed
 * percent-encoding, or an encoded dot, slash, backslash, percent sign (double encoding) or control character. An
 * {@code @} that belongs in a path (an e-mail address) is sent encoded, as {@code %40}. The query is passed on as
 * received when it holds only URI characters and well-formed percent-encodings. As a last guard, the built URL must
 * be in normal form and still below the base.
 */
final class ProxyTarget {
    private static final Pattern PATH_CHARS = Pattern.compile("[A-Za-z0-9\\-._~!$&'()*+,;=:/%]*");
    private static final Pattern QUERY_CHARS = Pattern.compile("[A-Za-z0-9\\-._~!$&'()*+,;=:@/?%]*");
    private static final Pattern SCHEME_LIKE = Pattern.compile("[A-Za-z][A-Za-z0-9+.\\-]*:.*");

    private ProxyTarget() {}

    /**
     * The provider URL for {@code rawPath} (empty, or starting with {@code /}) and {@code rawQuery} (or null) below
     * {@code apiBaseUrl}.
     *
     * @throws ApiProblem 400 {@code proxy_target_refused} naming what was refused
     */
    static URI resolve(URI apiBaseUrl, String rawPath, String rawQuery) {
        checkPath(rawPath);
        if (rawQuery != null) {
            checkQuery(rawQuery);
        }
        String prefix = withoutTrailingSlash(apiBaseUrl.getRawPath());
        String path = prefix + rawPath;
        URI target;
        try {
            target = new URI(apiBaseUrl.getScheme() + "://" + apiBaseUrl.getRawAuthority()
                    + (path.isEmpty() ? "/" : path) + (rawQuery == null ? "" : "?" + rawQuery));
        } catch (java.net.URISyntaxException e) {
            throw refused("the path or query is not a valid URI part");
        }
        if (!staysBelow(apiBaseUrl, prefix, target)) {
            throw refused("the path leaves the provider's api_base_url");
        }
        return target;
    }

    private static void checkPath(String rawPath) {
        if (!rawPath.isEmpty() && !rawPath.startsWith("/")) {
            throw refused("the path must start with '/'");
        }
        if (!PATH_CHARS.matcher(rawPath).matches()) {
            throw refused("the path may hold only URI path characters (no raw '@', '\\', spaces or control"
                    + " characters; send '@' as %40)");
        }
        checkEncodings(rawPath, true);
        String[] segments = rawPath.isEmpty() ? new String[0] : rawPath.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.isEmpty() && i < segments.length - 1) {
                throw refused("the path must not hold an empty segment ('//')");
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw refused("the path must not hold '.' or '..' segments");
            }
        }
        if (segments.length > 0 && SCHEME_LIKE.matcher(segments[0]).matches()) {
            throw refused("the path must not start with a URL scheme; only the provider's api_base_url is reachable");
        }
    }

    private static void checkQuery(String rawQuery) {
        if (!QUERY_CHARS.matcher(rawQuery).matches()) {
            throw refused("the query may hold only URI query characters");
        }
        checkEncodings(rawQuery, false);
    }

    /** Every '%' starts a two-digit escape; in a path, none may decode to a dot, slash, backslash, '%' or control. */
    private static void checkEncodings(String raw, boolean inPath) {
        for (int i = raw.indexOf('%'); i >= 0; i = raw.indexOf('%', i + 1)) {
            if (i + 2 >= raw.length() || !HexFormat.isHexDigit(raw.charAt(i + 1))
                    || !HexFormat.isHexDigit(raw.charAt(i + 2))) {
                throw refused("a '%' must start a two-digit percent-encoding");
            }
            int decoded = HexFormat.fromHexDigits(raw, i + 1, i + 3);
            if (inPath && (decoded == '.' || decoded == '/' || decoded == '\\' || decoded == '%' || decoded < 0x20
                    || decoded == 0x7f)) {
                throw refused("the path must not hold an encoded dot, slash, backslash, percent sign or control"
                        + " character (" + raw.substring(i, i + 3).toUpperCase(Locale.ROOT) + ")");
            }
        }
    }

    private static boolean staysBelow(URI base, String prefix, URI target) {
        URI normal = target.normalize();
        String path = normal.getRawPath();
        return normal.equals(target)
                && base.getScheme().equalsIgnoreCase(normal.getScheme())
                && base.getHost().equalsIgnoreCase(normal.getHost())
                && base.getPort() == normal.getPort()
                && normal.getRawUserInfo() == null
                && normal.getRawFragment() == null
                && (path.equals(prefix.isEmpty() ? "/" : prefix) || path.startsWith(prefix + "/"));
    }

    private static String withoutTrailingSlash(String path) {
        if (path == null) {
            return "";
        }
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static ApiProblem refused(String why) {
        return ApiProblem.of(400, "proxy_target_refused", "Proxy target refused", why);
    }
}
