package dev.tokenkeeper.client.problem;

import java.time.Duration;

/** {@code needs_reauth}: the grant is dead; the end user must reconnect (a reconnect link or connect session). */
public final class NeedsReauthException extends StaleConnectionException {
    NeedsReauthException(Problem problem, int status, Duration retryAfter, String bodyExcerpt) {
        super(problem, status, retryAfter, bodyExcerpt);
    }
}
