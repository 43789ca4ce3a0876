package dev.tokenkeeper.client.problem;

import java.time.Duration;

/**
 * An RFC 9457 problem answer, with its stable {@link #code()} and the whole {@link #problem()}, subclassed for the
 * kinds a caller usually handles apart.
 */
public sealed class TokenkeeperProblemException extends TokenkeeperHttpException
        permits InvalidRequestException, UnauthorizedException, NotFoundException, StaleConnectionException,
        RetryLaterException {
    private final Problem problem;

    TokenkeeperProblemException(Problem problem, int status, Duration retryAfter, String bodyExcerpt) {
        super(status + " " + problem.code() + ": " + problem.detail(), status, retryAfter, bodyExcerpt);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public String code() {
        return problem.code();
    }

    public String title() {
        return problem.title();
    }

    public String detail() {
        return problem.detail();
    }

    /**
     * The cause from Tokenkeeper's catalogue of causes, when the problem names one: its own {@code cause}, else its
     * {@code last_error}'s; null otherwise. ({@link #getCause()} stays the Java cause, which a problem has none of.)
     */
    public String causeCode() {
        if (problem.cause() != null) {
            return problem.cause();
        }
        return problem.lastError() == null ? null : problem.lastError().cause();
    }
}
