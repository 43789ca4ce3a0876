package dev.tokenkeeper.core.connection;

import dev.tokenkeeper.core.refresh.FailureClass;
import dev.tokenkeeper.core.refresh.FailureReason;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The most recent refresh failure of a connection, as API.md's {@code last_error} shows it.
 *
 * @param failureClass retryable, needs_reauth or misconfigured
 * @param reason       Tokenkeeper's code and the provider's own words
 * @param at           when the failing attempt was sent
 * @param since        when the current streak of failures began (the first failure after the last success); not
 *                     after {@code at}
 */
public record LastError(FailureClass failureClass, FailureReason reason, Instant at, Instant since) {
    public LastError {
        Objects.requireNonNull(failureClass, "failureClass");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
        since = since == null || since.isAfter(at) ? at : since;
    }

    /** The first failure of a streak. */
    public LastError(FailureClass failureClass, FailureReason reason, Instant at) {
        this(failureClass, reason, at, at);
    }

    /** How long the streak has lasted at {@code now}. */
    public Duration failingFor(Instant now) {
        Duration lasted = Duration.between(since, now);
        return lasted.isNegative() ? Duration.ZERO : lasted;
    }
}
