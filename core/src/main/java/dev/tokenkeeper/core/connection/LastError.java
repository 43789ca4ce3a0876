package dev.tokenkeeper.core.connection;

import dev.tokenkeeper.core.refresh.FailureClass;
import dev.tokenkeeper.core.refresh.FailureReason;
import java.time.Instant;
import java.util.Objects;

/**
 * The most recent refresh failure of a connection, as API.md's {@code last_error} shows it.
 *
 * @param failureClass retryable, needs_reauth or misconfigured
 * @param reason       Tokenkeeper's code and the provider's own words
 * @param at           when the failing attempt was sent
 */
public record LastError(FailureClass failureClass, FailureReason reason, Instant at) {
    public LastError {
        Objects.requireNonNull(failureClass, "failureClass");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
    }
}
