package dev.tokenkeeper.client.problem;

import java.time.Duration;

/** 401 {@code unauthorized}: no API key, or one that is not valid. */
public final class UnauthorizedException extends TokenkeeperProblemException {
    UnauthorizedException(Problem problem, int status, Duration retryAfter, String bodyExcerpt) {
        super(problem, status, retryAfter, bodyExcerpt);
    }
}
