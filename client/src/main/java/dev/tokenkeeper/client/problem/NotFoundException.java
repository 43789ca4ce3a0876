package dev.tokenkeeper.client.problem;

import java.time.Duration;

/** 404: nothing has this id ({@code not_found}), or the id is no path segment at all ({@code no_route}). */
public final class NotFoundException extends TokenkeeperProblemException {
    NotFoundException(Problem problem, int status, Duration retryAfter, String bodyExcerpt) {
        super(problem, status, retryAfter, bodyExcerpt);
    }
}
