package dev.tokenkeeper.client.problem;

import java.time.Duration;
import java.util.Optional;

/**
 * An error answer (status 400 or more); thrown as this class itself when the body is no problem document (a proxy's
 * page, say), with the start of that body as {@link #bodyExcerpt()}.
 */
public sealed class TokenkeeperHttpException extends TokenkeeperException permits TokenkeeperProblemException {
    private final int status;
    private final Duration retryAfter;
    private final String bodyExcerpt;

    TokenkeeperHttpException(String message, int status, Duration retryAfter, String bodyExcerpt) {
        super(message, null);
        this.status = status;
        this.retryAfter = retryAfter;
        this.bodyExcerpt = bodyExcerpt;
    }

    public int status() {
        return status;
    }

    /** The answer's {@code Retry-After}, when it had one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** At most the first 500 characters of the body, printable characters only. */
    public String bodyExcerpt() {
        return bodyExcerpt;
    }
}
