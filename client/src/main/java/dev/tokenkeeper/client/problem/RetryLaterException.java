package dev.tokenkeeper.client.problem;

import java.time.Duration;

/**
 * 429 or 503: nothing usable now ({@code token_unavailable}, {@code refresh_failed}, {@code storage_unavailable});
 * {@link #retryAfter()} says when asking again is worthwhile.
 */
public final class RetryLaterException extends TokenkeeperProblemException {
    RetryLaterException(Problem problem, int status, Duration retryAfter, String bodyExcerpt) {
        super(problem, status, retryAfter, bodyExcerpt);
    }
}
