package dev.tokenkeeper.client.problem;

import java.time.Duration;

/** {@code misconfigured}: the provider config is wrong (the client secret, the token URL…); the operator fixes it. */
public final class MisconfiguredException extends StaleConnectionException {
    MisconfiguredException(Problem problem, int status, Duration retryAfter, String bodyExcerpt) {
        super(problem, status, retryAfter, bodyExcerpt);
    }
}
