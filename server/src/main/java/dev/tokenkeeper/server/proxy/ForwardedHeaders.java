package dev.tokenkeeper.server.proxy;

import io.helidon.http.Header;
import io.helidon.http.Headers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which headers cross the proxy, each way. Hop-by-hop headers (RFC 9110 §7.6.1: {@code Connection},
 * {@code Keep-Alive}, {@code Proxy-Authenticate}, {@code Proxy-Authorization}, {@code TE}, {@code Trailer},
 * {@code Transfer-Encoding}, {@code Upgrade}, and any that {@code Connection} names) never cross, nor do
 * {@code Content-Length} (recomputed) and {@code Tokenkeeper-*} (only Tokenkeeper speaks for itself). Towards the
 * provider, the caller's {@code Authorization} (its Tokenkeeper API key), {@code Host} and {@code Expect} stay
 * behind, and so does {@code Accept-Encoding} when the provider's answers must be readable by its error expression.
 */
final class ForwardedHeaders {
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade");
    private static final Set<String> NEVER_TO_PROVIDER = Set.of("authorization", "host", "expect", "content-length");
    private static final String OWN_PREFIX = "tokenkeeper-";

    private ForwardedHeaders() {}

    /** The caller's headers to send on; {@code keepEncoding} false drops {@code Accept-Encoding}. */
    static Map<String, List<String>> toProvider(Headers incoming, boolean keepEncoding) {
        Map<String, List<String>> all = new LinkedHashMap<>();
        for (Header header : incoming) {
            all.put(header.name(), header.allValues());
        }
        Map<String, List<String>> kept = endToEnd(all);
        kept.keySet().removeIf(name -> NEVER_TO_PROVIDER.contains(lower(name))
                || (!keepEncoding && lower(name).equals("accept-encoding")));
        return kept;
    }

    /**
     * True when a caller's header of this name may be sent on to the provider: not hop-by-hop, not
     * {@code Authorization}, {@code Host}, {@code Expect} or {@code Content-Length}, not {@code Tokenkeeper-*}.
     */
    static boolean sendable(String name) {
        String lower = lower(name);
        return !HOP_BY_HOP.contains(lower) && !NEVER_TO_PROVIDER.contains(lower) && !lower.startsWith(OWN_PREFIX);
    }

    /** The provider's headers to answer with ({@code Set-Cookie} included). */
    static Map<String, List<String>> toCaller(Map<String, List<String>> fromProvider) {
        Map<String, List<String>> kept = endToEnd(fromProvider);
        kept.keySet().removeIf(name -> lower(name).equals("content-length"));
        return kept;
    }

    private static Map<String, List<String>> endToEnd(Map<String, List<String>> headers) {
        Set<String> named = new TreeSet<>();
        headers.forEach((name, values) -> {
            if (lower(name).equals("connection")) {
                values.forEach(value -> {
                    for (String token : value.split(",")) {
                        named.add(lower(token.strip()));
                    }
                });
            }
        });
        Map<String, List<String>> kept = new LinkedHashMap<>();
        headers.forEach((name, values) -> {
            String lower = lower(name);
            if (!HOP_BY_HOP.contains(lower) && !named.contains(lower) && !lower.startsWith(OWN_PREFIX)
                    && !lower.startsWith(":")) {
                kept.put(name, List.copyOf(values));
            }
        });
        return kept;
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
