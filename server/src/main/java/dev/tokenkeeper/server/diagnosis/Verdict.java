package dev.tokenkeeper.server.diagnosis;

import dev.tokenkeeper.core.cause.Cause;
import java.time.Instant;
import java.util.Objects;

/**
 * What a diagnosis concludes.
 *
 * @param cause   the cause from the catalogue ({@code none} when nothing is wrong)
 * @param since   when it began, or null when unknown or nothing is wrong
 * @param healthy whether the connection works now (a usable token the provider's API accepts); a working connection
 *                may still carry a cause that will hurt later (a guessed expiry unit, retryable refresh failures)
 */
record Verdict(Cause cause, Instant since, boolean healthy) {
    Verdict {
        Objects.requireNonNull(cause, "cause");
    }

    static Verdict failing(Cause cause, Instant since) {
        return new Verdict(cause, since, false);
    }

    static Verdict working(Cause cause, Instant since) {
        return new Verdict(cause, since, true);
    }
}
