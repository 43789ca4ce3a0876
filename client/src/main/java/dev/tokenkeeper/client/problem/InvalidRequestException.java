package dev.tokenkeeper.client.problem;

import java.time.Duration;

/** The request could not be used (400, 413, 414, 415); {@link #field()} names the field at fault when known. */
public final class InvalidRequestException extends TokenkeeperProblemException {
    InvalidRequestException(Problem problem, int status, Duration retryAfter, String bodyExcerpt) {
        super(problem, status, retryAfter, bodyExcerpt);
    }

    /** The field or parameter at fault, when the problem names one. */
    public String field() {
        return problem().field();
    }
}
