package dev.tokenkeeper.core.provider;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A provider URL with per-connection placeholders, kept as a valid URL: each {@code {name}} stands as a marker that
 * cannot resolve, so a URL left unfilled fails closed. A placeholder may be the whole origin ({@code {instance_url}} or
 * {@code {instance_url}/services}), the leading labels of a host with a fixed domain after them
 * ({@code https://{subdomain}.zendesk.com}), or a whole path segment ({@code /{tenant}/oauth2/v2.0/token}); nowhere
 * else.
 */
final class UrlTemplate {
    /** Marks a placeholder inside a URL: a host label or path segment no real one uses. */
    private static final String MARK = "tk--";
    /** A whole-origin placeholder's stand-in: the reserved top-level domain .invalid never resolves (RFC 6761). */
    private static final String ORIGIN_DOMAIN = ".invalid";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z][a-z0-9_]{0,31})}");
    private static final Pattern MARKED = Pattern.compile(MARK + "([a-z][a-z0-9-]{0,31})");

    private UrlTemplate() {}

    /** The names of the placeholders a stored URL holds. */
    static Set<String> names(URI url) {
        Set<String> names = new LinkedHashSet<>();
        if (url != null) {
            Matcher marked = MARKED.matcher(url.toString());
            while (marked.find()) {
                names.add(marked.group(1).replace('-', '_'));
            }
        }
        return names;
    }

    /**
     * The URL a config's text stands for, its placeholders as markers.
     *
     * @throws InvalidProviderConfigException naming {@code field} when a placeholder is where none may be
     */
    static URI parse(String field, String text) throws URISyntaxException {
        Matcher placeholder = PLACEHOLDER.matcher(text);
        if (!placeholder.find()) {
            if (text.contains(MARK)) {
                throw new InvalidProviderConfigException(field, "must not contain '" + MARK + "'");
            }
            return new URI(text);
        }
        String marked = text;
        if (placeholder.start() == 0) {
            marked = "https://" + MARK + dashed(placeholder.group(1)) + ORIGIN_DOMAIN
                    + text.substring(placeholder.end());
        }
        marked = PLACEHOLDER.matcher(marked).replaceAll(found -> MARK + dashed(found.group(1)));
        URI url = new URI(marked);
        requirePlacedWell(field, url);
        return url;
    }

    /** The config text of a stored URL: its markers as placeholders again. */
    static String text(URI url) {
        String text = url.toString();
        String origin = originName(url);
        if (origin != null) {
            text = text.replaceFirst("^https://" + Pattern.quote(url.getHost()), "{" + origin + "}");
        }
        return MARKED.matcher(text).replaceAll(found -> "{" + undashed(found.group(1)) + "}");
    }

    /** The name of the setting that fills a stored URL's whole origin, or null when none does. */
    private static String originName(URI url) {
        String host = url.getHost();
        return host != null && host.startsWith(MARK) && host.endsWith(ORIGIN_DOMAIN)
                ? undashed(host.substring(MARK.length(), host.length() - ORIGIN_DOMAIN.length())) : null;
    }

    /** The URL with its placeholders filled from {@code values} (already checked); unfilled unless all are there. */
    static URI fill(URI url, Map<String, String> values) {
        if (url == null || !url.toString().contains(MARK) || !values.keySet().containsAll(names(url))) {
            return url;
        }
        String text = text(url);
        for (Map.Entry<String, String> value : values.entrySet()) {
            text = text.replace("{" + value.getKey() + "}", value.getValue());
        }
        return URI.create(text);
    }

    private static void requirePlacedWell(String field, URI url) {
        String host = url.getHost();
        boolean markedQuery = url.getRawQuery() != null && url.getRawQuery().contains(MARK);
        if (host == null || url.getRawUserInfo() != null || markedQuery || url.getRawFragment() != null) {
            throw misplaced(field);
        }
        String[] labels = host.split("\\.");
        boolean pastMarks = false;
        for (int i = 0; i < labels.length; i++) {
            boolean marked = labels[i].startsWith(MARK);
            boolean wholeLabel = MARKED.matcher(labels[i]).matches();
            if (labels[i].contains(MARK) && !wholeLabel || marked && pastMarks) {
                throw misplaced(field);
            }
            pastMarks |= !marked;
        }
        boolean originMark = labels.length == 2 && labels[0].startsWith(MARK) && host.endsWith(ORIGIN_DOMAIN);
        long fixedLabels = Arrays.stream(labels).filter(label -> !label.startsWith(MARK)).count();
        if (host.contains(MARK) && !originMark && fixedLabels < 2) {
            throw misplaced(field);
        }
        for (String segment : url.getRawPath().split("/")) {
            if (segment.contains(MARK) && !MARKED.matcher(segment).matches()) {
                throw misplaced(field);
            }
        }
    }

    /**
     * Every placeholder of a stored URL is a declared setting, a whole-origin one exactly where the origin is filled.
     *
     * @throws InvalidProviderConfigException naming {@code field}
     */
    static void requireDeclared(String field, URI url, Map<String, ConnectionConfigField> declared) {
        if (url == null) {
            return;
        }
        String origin = originName(url);
        for (String name : names(url)) {
            ConnectionConfigField setting = declared.get(name);
            if (setting == null) {
                throw new InvalidProviderConfigException(field, "uses {" + name + "}, which connection_config does"
                        + " not declare");
            }
            if (setting.origin() != name.equals(origin)) {
                throw new InvalidProviderConfigException(field, "uses {" + name + "} " + (setting.origin()
                        ? "elsewhere than as the whole origin, yet it is an origin (it has hosts)"
                        : "as the whole origin, which needs connection_config." + name + ".hosts"));
            }
        }
    }

    private static InvalidProviderConfigException misplaced(String field) {
        return new InvalidProviderConfigException(field, "may hold a {placeholder} only as the whole origin"
                + " ({instance_url}/path), as leading host labels before a fixed domain"
                + " (https://{subdomain}.example.com), or as a whole path segment (/{tenant}/token)");
    }

    private static String dashed(String name) {
        return name.replace('_', '-');
    }

    private static String undashed(String marked) {
        return marked.replace('-', '_');
    }
}
