package dev.tokenkeeper.server.http;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;

/**
 * Answers what the HTTP layer refuses before any route runs (a malformed request line or header, a body over the
 * server's limit) with a problem document too. The detail is fixed per kind: Helidon's own message may quote the
 * request (a malformed header could hold a credential), so it is never echoed.
 */
public final class ProblemDirectHandler implements DirectHandler {
    /** The longest request line the HTTP layer reads (Helidon's default for HTTP/1.1). */
    static final int MAX_REQUEST_LINE = 4096;

    /** Direct handlers answering every event type with a problem. */
    public static DirectHandlers all() {
        DirectHandlers.Builder builder = DirectHandlers.builder();
        ProblemDirectHandler handler = new ProblemDirectHandler();
        for (EventType type : EventType.values()) {
            builder.addHandler(type, handler);
        }
        return builder.build();
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
            ServerResponseHeaders headers, String message) {
        ApiProblem problem = problemFor(eventType, status.code());
        return TransportResponse.builder()
                .status(Status.create(problem.status()))
                .headers(headers)
                .header(HeaderNames.CONTENT_TYPE, Problems.MEDIA_TYPE)
                .header(HeaderNames.create(Problems.REMOTE_ERROR_HEADER), "false")
                .entity(Json.bytes(Problems.document(problem)))
                .keepAlive(eventType.keepAlive())
                .build();
    }

    private static ApiProblem problemFor(EventType eventType, int status) {
        if (status == 414) {
            return ApiProblem.of(414, "uri_too_long", "URI too long", "the request line is longer than the "
                    + MAX_REQUEST_LINE + " bytes the server reads; ids in a path are short: a connection id is 1-128"
                    + " characters of letters, digits, '.', '_', ':' or '-', a provider key 1-63 characters of a-z,"
                    + " 0-9, '_' or '-'");
        }
        if (status == 413 || eventType == EventType.PAYLOAD_TOO_LARGE) {
            return ApiProblem.of(413, "body_too_large", "Body too large",
                    "the request body is larger than the server accepts");
        }
        return switch (eventType) {
            case HTTP_VERSION_NOT_SUPPORTED -> ApiProblem.of(505, "http_version_not_supported",
                    "HTTP version not supported", "use HTTP/1.1");
            case INTERNAL_ERROR -> ApiProblem.of(500, "internal_error", "Internal error",
                    "Tokenkeeper failed to read the request");
            case FORBIDDEN -> ApiProblem.of(403, "forbidden", "Forbidden", "the request is not allowed");
            default -> ApiProblem.of(status >= 400 && status < 500 ? status : 400, "bad_request", "Bad request",
                    "the request is not well-formed HTTP (request line or headers)");
        };
    }
}
