package dev.tokenkeeper.core.provider;

import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.core.refresh.FailureClass;
import java.util.Objects;

/**
 * What a provider's error expression says about a response: its failure class, code, message and, when it knows it,
 * the cause.
 *
 * @param failureClass how to treat the failure
 * @param code         a stable code (the provider's own where it has one)
 * @param message      one sentence, or the code when the expression gave none
 * @param cause        the cause from Tokenkeeper's catalogue, or null when the expression named none (the usual cause
 *                     of the code applies)
 */
public record ExpressionVerdict(FailureClass failureClass, String code, String message, Cause cause) {
    public ExpressionVerdict {
        Objects.requireNonNull(failureClass, "failureClass");
        Objects.requireNonNull(code, "code");
        message = message == null ? code : message;
    }

    /** A verdict that names no cause. */
    public ExpressionVerdict(FailureClass failureClass, String code, String message) {
        this(failureClass, code, message, null);
    }
}
