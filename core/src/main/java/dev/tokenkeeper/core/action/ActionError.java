package dev.tokenkeeper.core.action;

import dev.tokenkeeper.core.cause.Cause;
import java.util.Objects;

/**
 * Why an action did not succeed (yet): a stable code, the cause from the catalogue when one applies, and a message
 * that never holds a token or a body.
 *
 * @param code    e.g. {@code provider_rejected}, {@code outcome_unknown}, {@code connection_stale},
 *                {@code provider_unavailable}, {@code connection_not_found}
 * @param cause   the catalogue's cause, or null
 * @param message one sentence for a person
 */
public record ActionError(String code, Cause cause, String message) {
    public ActionError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }
}
