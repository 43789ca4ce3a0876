package dev.tokenkeeper.fake;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The parameters of an {@code application/x-www-form-urlencoded} body or a query string. */
record Form(Map<String, String> params, Set<String> repeated) {
    static final Form EMPTY = new Form(Map.of(), Set.of());

    Form {
        params = Map.copyOf(params);
        repeated = Set.copyOf(repeated);
    }

    static Form parse(String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return EMPTY;
        }
        Map<String, String> params = new HashMap<>();
        Set<String> repeated = new HashSet<>();
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (params.putIfAbsent(name, value) != null) {
                repeated.add(name);
            }
        }
        return new Form(params, repeated);
    }

    /** The value, or null when absent or empty (RFC 6749 §3.1 treats empty parameters as omitted). */
    String get(String name) {
        String value = params.get(name);
        return value == null || value.isEmpty() ? null : value;
    }

    static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return value;
        }
    }

    /** Names only: forms carry secrets. */
    @Override
    public String toString() {
        return "Form" + new TreeSet<>(params.keySet());
    }
}
