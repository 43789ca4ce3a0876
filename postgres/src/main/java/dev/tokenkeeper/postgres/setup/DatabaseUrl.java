package dev.tokenkeeper.postgres.setup;

import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.postgres.DatabaseLocation;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Reads {@code TOKENKEEPER_DATABASE_URL}: a {@code jdbc:postgresql:} URL, or a libpq URL
 * ({@code postgres://user:password@host:port/database?parameters}, also spelled {@code postgresql://}) turned into one.
 *
 * <p>The user and password (from the user info, or from {@code user=} and {@code password=} parameters) are taken out
 * of the URL and carried as connection properties; other parameters reach the JDBC driver as they are. No message
 * repeats the value, which may hold the password.
 */
final class DatabaseUrl {
    static final String VARIABLE = "TOKENKEEPER_DATABASE_URL";
    private static final String JDBC_PREFIX = "jdbc:postgresql:";
    private static final List<String> LIBPQ_SCHEMES = List.of("postgres://", "postgresql://");

    private DatabaseUrl() {}

    static DatabaseLocation parse(String value) {
        String url = value.strip();
        if (url.startsWith(JDBC_PREFIX)) {
            return fromJdbc(url);
        }
        for (String scheme : LIBPQ_SCHEMES) {
            if (url.toLowerCase(Locale.ROOT).startsWith(scheme)) {
                return fromLibpq(url.substring(scheme.length()));
            }
        }
        throw invalid("must be a jdbc:postgresql://, postgres:// or postgresql:// URL (its value is not repeated, as"
                + " it may hold a password)");
    }

    private static DatabaseLocation fromJdbc(String url) {
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        if (base.contains("@")) {
            throw invalid("a jdbc:postgresql: URL cannot hold user:password@ before the host; give them as"
                    + " ?user=...&password=..., or use a postgres://user:password@host/database URL");
        }
        Credentials credentials = new Credentials();
        String rest = credentials.takeFrom(query < 0 ? "" : url.substring(query + 1), DatabaseUrl::formDecode);
        return credentials.locate(base + rest);
    }

    /** As libpq reads it: user info up to an '@' before the first '/', hosts up to '/' or '?', then the database. */
    private static DatabaseLocation fromLibpq(String rest) {
        Credentials credentials = new Credentials();
        int slash = rest.indexOf('/');
        int at = rest.lastIndexOf('@', slash < 0 ? rest.length() : slash);
        if (at >= 0) {
            credentials.fromUserInfo(rest.substring(0, at));
            rest = rest.substring(at + 1);
        }
        int hostsEnd = firstOf(rest, "/?");
        String hosts = rest.substring(0, hostsEnd);
        if (hosts.isEmpty()) {
            throw invalid("names no host; give host[:port] (a Unix-domain socket cannot be used)");
        }
        int query = rest.indexOf('?', hostsEnd);
        String database = rest.startsWith("/", hostsEnd)
                ? rest.substring(hostsEnd + 1, query < 0 ? rest.length() : query)
                : "";
        String parameters = credentials.takeFrom(query < 0 ? "" : rest.substring(query + 1),
                DatabaseUrl::percentDecode);
        return credentials.locate("jdbc:postgresql://" + hosts + "/" + database + parameters);
    }

    private static int firstOf(String text, String characters) {
        for (int i = 0; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return text.length();
    }

    /** The JDBC driver decodes its URL's parameters as HTML forms do ('+' is a space). */
    private static String formDecode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // The decoder's message quotes its input, which may be the password.
            throw invalid("holds a malformed %-escape");
        }
    }

    /** libpq decodes %XX escapes only ('+' stays a plus). */
    private static String percentDecode(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int from = 0;
        for (int escape = text.indexOf('%'); escape >= 0; escape = text.indexOf('%', from)) {
            bytes.writeBytes(text.substring(from, escape).getBytes(StandardCharsets.UTF_8));
            int high = escape + 2 < text.length() ? Character.digit(text.charAt(escape + 1), 16) : -1;
            int low = high < 0 ? -1 : Character.digit(text.charAt(escape + 2), 16);
            if (low < 0) {
                throw invalid("holds a malformed %-escape");
            }
            bytes.write(high * 16 + low);
            from = escape + 3;
        }
        bytes.writeBytes(text.substring(from).getBytes(StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static InvalidSettingException invalid(String problem) {
        return new InvalidSettingException(VARIABLE, problem);
    }

    /** The user and password found so far; later ones (parameters) win over earlier ones (user info), as in libpq. */
    private static final class Credentials {
        private String user;
        private String password;

        void fromUserInfo(String userInfo) {
            int colon = userInfo.indexOf(':');
            user = percentDecode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : percentDecode(userInfo.substring(colon + 1));
        }

        /** Takes {@code user} and {@code password} out of a query; returns the rest as "?a=b&c=d", or "". */
        String takeFrom(String query, UnaryOperator<String> decode) {
            List<String> kept = new ArrayList<>();
            for (String parameter : query.split("&")) {
                int equals = parameter.indexOf('=');
                String name = equals < 0 ? parameter : parameter.substring(0, equals);
                String value = equals < 0 ? "" : parameter.substring(equals + 1);
                switch (name) {
                    case "user" -> user = decode.apply(value);
                    case "password" -> password = decode.apply(value);
                    case "" -> { }
                    default -> kept.add(parameter);
                }
            }
            return kept.isEmpty() ? "" : "?" + String.join("&", kept);
        }

        DatabaseLocation locate(String jdbcUrl) {
            return new DatabaseLocation(jdbcUrl, user, Secret.ofNullable(password));
        }
    }
}
