package dev.tokenkeeper.server.http;

import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The query parameters a handler takes: every handler declares them where it is routed ({@link #accepting}, or
 * {@link #none}) or as it starts ({@link #only}), so a parameter it does not know, a typo, is refused with 400 {@code unknown_parameter} instead of
 * being silently ignored; a parameter given twice is refused too. Also reads whole-number parameters within bounds.
 *
 * <p>Only the proxy (whose query goes to the provider) and the OAuth callback (where providers add parameters of their
 * own) take any query: they are routed without this check.
 */
public final class QueryParams {
    /** Declares every parameter whose name starts with what comes before it, as {@code metadata.*}. */
    public static final String ANY_SUFFIX = "*";

    private QueryParams() {}

    /** {@code handler}, after refusing any query parameter other than {@code known} (see {@link #ANY_SUFFIX}). */
    public static Handler accepting(Handler handler, String... known) {
        List<String> declared = List.of(known);
        return (request, response) -> {
            refuseUnknown(request, declared);
            handler.handle(request, response);
        };
    }

    /** {@code handler}, after refusing any query parameter at all. */
    public static Handler none(Handler handler) {
        return accepting(handler);
    }

    /** Refuses a query parameter other than {@code known} (see {@link #ANY_SUFFIX}), or one given more than once. */
    public static void only(ServerRequest request, String... known) {
        refuseUnknown(request, List.of(known));
    }

    private static void refuseUnknown(ServerRequest request, List<String> declared) {
        var query = request.query();
        for (String name : new TreeSet<>(query.names())) {
            if (!isDeclared(name, declared)) {
                throw unknown(name, declared);
            }
            if (query.all(name).size() > 1) {
                throw ApiProblem.invalidField(name, "must be given at most once");
            }
        }
    }

    private static boolean isDeclared(String name, List<String> declared) {
        for (String known : declared) {
            boolean matches = known.endsWith(ANY_SUFFIX)
                    ? name.startsWith(known.substring(0, known.length() - ANY_SUFFIX.length()))
                    : name.equals(known);
            if (matches) {
                return true;
            }
        }
        return false;
    }

    private static ApiProblem unknown(String name, List<String> declared) {
        String shown = name.length() > 64 ? name.substring(0, 64) + "…" : name;
        String takes = declared.isEmpty() ? "this endpoint takes no query parameters"
                : "this endpoint takes only " + String.join(", ", new TreeSet<>(Set.copyOf(declared)));
        return ApiProblem.of(400, "unknown_parameter", "Unknown query parameter",
                "'" + shown + "' is not a query parameter of this endpoint: " + takes).with("field", shown);
    }

    public static int intWithin(String value, String name, int min, int max, int fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value.strip());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiProblem.invalidField(name, "must be a whole number from " + min + " to " + max);
    }
}
