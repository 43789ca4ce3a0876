package dev.tokenkeeper.server.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An RFC 9457 problem a handler answers with: a status, a stable machine-readable {@code code}, a title and a detail
 * that names what was wrong. Thrown by request parsing so that a handler reads straight through; {@link Problems}
 * turns it into the response. It never carries a secret.
 */
public final class ApiProblem extends RuntimeException {
    private final int status;
    private final String code;
    private final String title;
    private final Map<String, Object> extensions;

    private ApiProblem(int status, String code, String title, String detail, Map<String, Object> extensions) {
        super(detail, null, false, false);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a problem's status is 4xx or 5xx, not " + status);
        }
        this.status = status;
        this.code = Objects.requireNonNull(code, "code");
        this.title = Objects.requireNonNull(title, "title");
        this.extensions = Map.copyOf(extensions);
    }

    /** A problem with no extension members. */
    public static ApiProblem of(int status, String code, String title, String detail) {
        return new ApiProblem(status, code, title, detail, Map.of());
    }

    /** 400 {@code invalid_field}: the detail names the field and says what is wrong with it. */
    public static ApiProblem invalidField(String field, String problem) {
        return new ApiProblem(400, "invalid_field", "Invalid field", "'" + field + "' " + problem,
                Map.of("field", field));
    }

    /** 404 {@code not_found} for a resource of that kind and id. */
    public static ApiProblem notFound(String kind, String id) {
        return of(404, "not_found", "Not found", "no " + kind + " has the id '" + id + "'");
    }

    /** The same problem with one more extension member. */
    public ApiProblem with(String member, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(extensions);
        more.put(member, value);
        return new ApiProblem(status, code, title, getMessage(), more);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public Map<String, Object> extensions() {
        return extensions;
    }
}
