package dev.tokenkeeper.server.connect;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where a browser may be sent after a connect ({@code redirect_after}): the product's own origins from
 * {@value #SETTING}, matched exactly on scheme, host and port; when the setting is unset, any {@code https} URL and
 * plain {@code http} only to a loopback host (development).
 *
 * @param origins the allowed origins as {@code scheme://host:port} in lower case, empty when unset
 */
public record RedirectOrigins(Set<String> origins) {
    /** The environment variable that lists the allowed origins, separated by commas. */
    public static final String SETTING = "TOKENKEEPER_REDIRECT_ORIGINS";

    public RedirectOrigins {
        origins = Set.copyOf(origins);
    }

    /** No list: https anywhere, http to loopback. */
    public static RedirectOrigins unset() {
        return new RedirectOrigins(Set.of());
    }

    /**
     * Reads a comma-separated list of origins such as {@code https://app.example.com, http://localhost:3000}.
     *
     * @throws IllegalArgumentException naming the entry that is not an origin
     */
    public static RedirectOrigins parse(String list) {
        Set<String> origins = new LinkedHashSet<>();
        for (String entry : list.split(",", -1)) {
            String text = entry.strip();
            if (text.isEmpty()) {
                throw new IllegalArgumentException("has an empty entry; list origins separated by commas, such as"
                        + " https://app.example.com,https://admin.example.com");
            }
            origins.add(origin(text));
        }
        return new RedirectOrigins(origins);
    }

    /** Why {@code url} may not be a {@code redirect_after}, or empty when it may. */
    public Optional<String> refusal(URI url) {
        if (!origins.isEmpty()) {
            return origins.contains(originOf(url)) ? Optional.empty()
                    : Optional.of("is not on one of the origins " + SETTING + " allows ("
                            + String.join(", ", new TreeSet<>(origins)) + ")");
        }
        if ("https".equalsIgnoreCase(url.getScheme()) || isLoopback(url.getHost())) {
            return Optional.empty();
        }
        return Optional.of("must be https (plain http only to a loopback host, such as http://localhost:3000),"
                + " unless " + SETTING + " lists its origin");
    }

    private static String origin(String text) {
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid URL (" + e.getReason() + ")");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        String path = url.getRawPath();
        if (!(scheme.equals("https") || scheme.equals("http")) || url.getHost() == null
                || url.getRawUserInfo() != null || !(path == null || path.isEmpty() || path.equals("/"))
                || url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new IllegalArgumentException("'" + text + "' is not an origin; write scheme, host and optional"
                    + " port only, such as https://app.example.com or http://localhost:3000");
        }
        return originOf(url);
    }

    /** {@code scheme://host:port} in lower case, with the scheme's default port written out. */
    private static String originOf(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        int port = url.getPort() != -1 ? url.getPort() : scheme.equals("https") ? 443 : 80;
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        return scheme + "://" + host + ":" + port;
    }

    private static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String name = host.toLowerCase(Locale.ROOT);
        return name.equals("localhost") || name.endsWith(".localhost") || name.equals("[::1]")
                || name.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }
}
