package dev.tokenkeeper.client.problem;

import java.time.Duration;

/** 409: the connection is stale, so the provider was not called; {@link #connectionId()} names it. */
public abstract sealed class StaleConnectionException extends TokenkeeperProblemException
        permits NeedsReauthException, MisconfiguredException {
    StaleConnectionException(Problem problem, int status, Duration retryAfter, String bodyExcerpt) {
        super(problem, status, retryAfter, bodyExcerpt);
    }

    public String connectionId() {
        return problem().connectionId();
    }
}
