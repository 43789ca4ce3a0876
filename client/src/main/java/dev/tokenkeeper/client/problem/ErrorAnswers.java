package dev.tokenkeeper.client.problem;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenkeeper.client.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Makes the exception of an error answer: the typed problem exception, or a plain one for any other body. */
public final class ErrorAnswers {
    private static final int EXCERPT_LENGTH = 500;

    private ErrorAnswers() {}

    /** The exception of an answer with this status, body and {@code Retry-After} (null when it had none). */
    public static TokenkeeperHttpException of(int status, byte[] body, Duration retryAfter) {
        String excerpt = excerpt(body);
        Problem problem = problem(body);
        if (problem == null) {
            return new TokenkeeperHttpException("Tokenkeeper answered " + status + " without a problem document: "
                    + excerpt, status, retryAfter, excerpt);
        }
        return switch (problem.code()) {
            case "needs_reauth" -> new NeedsReauthException(problem, status, retryAfter, excerpt);
            case "misconfigured" -> new MisconfiguredException(problem, status, retryAfter, excerpt);
            default -> byStatus(problem, status, retryAfter, excerpt);
        };
    }

    private static TokenkeeperProblemException byStatus(Problem problem, int status, Duration retryAfter,
            String excerpt) {
        return switch (status) {
            case 400, 413, 414, 415 -> new InvalidRequestException(problem, status, retryAfter, excerpt);
            case 401 -> new UnauthorizedException(problem, status, retryAfter, excerpt);
            case 404 -> new NotFoundException(problem, status, retryAfter, excerpt);
            case 429, 503 -> new RetryLaterException(problem, status, retryAfter, excerpt);
            default -> new TokenkeeperProblemException(problem, status, retryAfter, excerpt);
        };
    }

    /** The problem document of a body, or null when the body is none (not JSON, or without a code). */
    private static Problem problem(byte[] body) {
        try {
            JsonNode document = Json.mapper().readTree(body);
            if (document == null || !document.path("code").isTextual()) {
                return null;
            }
            return Json.read(document, Problem.class).withDocument(document);
        } catch (IOException | IllegalStateException e) {
            return null;
        }
    }

    private static String excerpt(byte[] body) {
        String text = new String(body, 0, Math.min(body.length, EXCERPT_LENGTH * 4), StandardCharsets.UTF_8);
        String printable = text.replaceAll("\\p{Cntrl}", " ").strip();
        return printable.length() <= EXCERPT_LENGTH ? printable : printable.substring(0, EXCERPT_LENGTH) + "…";
    }
}
