package dev.tokenkeeper.server.http;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;

/**
 * Problem documents for what the HTTP server refuses before any route sees the request (a body over
 * {@code maxPayloadSize}, a request that is not valid HTTP), so that those answers look like every other error.
 */
public final class TransportProblems implements DirectHandler {
    private TransportProblems() {}

    /** The handlers for every kind of transport event. */
    public static DirectHandlers handlers() {
        DirectHandlers.Builder builder = DirectHandlers.builder();
        for (EventType type : EventType.values()) {
            builder.addHandler(type, new TransportProblems());
        }
        return builder.build();
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status defaultStatus,
            ServerResponseHeaders headers, String message) {
        // Helidon's message may quote the request; the caller gets fixed words only.
        ApiProblem problem = problemFor(eventType, defaultStatus.code());
        headers.set(HeaderNames.CONTENT_TYPE, Problems.MEDIA_TYPE);
        headers.set(HeaderNames.CACHE_CONTROL, "no-store");
        headers.set(HeaderNames.create(Problems.REMOTE_ERROR_HEADER), "false");
        return TransportResponse.builder()
                .status(defaultStatus)
                .headers(headers)
                .keepAlive(eventType.keepAlive())
                .entity(Json.bytes(Problems.document(problem)))
                .build();
    }

    private static ApiProblem problemFor(EventType eventType, int status) {
        if (status == 413 || eventType == EventType.PAYLOAD_TOO_LARGE) {
            return ApiProblem.of(413, "body_too_large", "Body too large",
                    "the body is larger than the server reads at all");
        }
        if (status == 505 || eventType == EventType.HTTP_VERSION_NOT_SUPPORTED) {
            return ApiProblem.of(505, "http_version_not_supported", "HTTP version not supported", "send HTTP/1.1");
        }
        if (status >= 400 && status < 500) {
            return ApiProblem.of(status, "bad_request", "Bad request", "the request is not valid HTTP");
        }
        return ApiProblem.of(500, "internal_error", "Internal error",
                "Tokenkeeper failed to answer; the failure is in its log");
    }
}
