package dev.tokenkeeper.core.provider;

import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.core.refresh.FailureClass;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One error answer a built-in provider's token endpoint is documented to give, and what Tokenkeeper makes of it.
 *
 * @param status       the HTTP status
 * @param contentType  the answer's Content-Type ({@code application/json} when the catalog names none)
 * @param body         the answer's body, as the provider documents it
 * @param failureClass the class the answer must be classified as
 * @param cause        the cause the answer must be classified with
 */
public record ErrorExample(int status, String contentType, String body, FailureClass failureClass, Cause cause) {
    public static final String DEFAULT_CONTENT_TYPE = "application/json";

    public ErrorExample {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be an HTTP status (100-599)");
        }
        contentType = contentType == null || contentType.isBlank() ? DEFAULT_CONTENT_TYPE : contentType.strip();
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(failureClass, "failureClass");
        Objects.requireNonNull(cause, "cause");
    }

    /** The answer's headers: its Content-Type. */
    public Map<String, List<String>> headers() {
        return Map.of("Content-Type", List.of(contentType));
    }
}
