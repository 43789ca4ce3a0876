package dev.tokenkeeper.server.http;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;

/**
 * Problem documents for what the web server refuses before any route runs (a malformed request line or header, a
 * body over the size limit), so that those answers too say {@code Tokenkeeper-Remote-Error: false}. Their detail
 * never quotes the request.
 */
public final class DirectProblems implements DirectHandler {
    private final long maxPayloadBytes;

    private DirectProblems(long maxPayloadBytes) {
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /** Handlers for every event the server answers directly; bodies over {@code maxPayloadBytes} get a 413. */
    public static DirectHandlers handlers(long maxPayloadBytes) {
        DirectProblems problems = new DirectProblems(maxPayloadBytes);
        DirectHandlers.Builder builder = DirectHandlers.builder();
        for (EventType type : EventType.values()) {
            builder.addHandler(type, problems);
        }
        return builder.build();
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
            ServerResponseHeaders headers, String message) {
        ApiProblem problem = problem(eventType, status);
        return TransportResponse.builder()
                .status(Status.create(problem.status()))
                .headers(headers)
                .header(HeaderNames.CONTENT_TYPE, Problems.MEDIA_TYPE)
                .header(HeaderNames.CACHE_CONTROL, "no-store")
                .header(HeaderNames.create(Problems.REMOTE_ERROR_HEADER), "false")
                .entity(Json.bytes(Problems.document(problem)))
                .keepAlive(eventType.keepAlive())
                .build();
    }

    private ApiProblem problem(EventType eventType, Status status) {
        int code = status.code() >= 400 && status.code() <= 599 ? status.code() : eventType.defaultStatus().code();
        if (code == 413 || eventType == EventType.PAYLOAD_TOO_LARGE) {
            return Json.tooLarge(maxPayloadBytes);
        }
        if (code == 400) {
            return ApiProblem.of(code, "bad_request", "Bad request",
                    "the request is not valid HTTP (its request line, path or a header is malformed)");
        }
        return ApiProblem.of(code, "http_" + code, status.reasonPhrase(), "the server refused the request");
    }
}
