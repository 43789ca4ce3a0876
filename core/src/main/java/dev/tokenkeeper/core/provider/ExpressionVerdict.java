package dev.tokenkeeper.core.provider;

import dev.tokenkeeper.core.refresh.FailureClass;
import java.util.Objects;

/**
 * What a provider's error expression says about a response: its failure class, code and message.
 *
 * @param failureClass how to treat the failure
 * @param code         a stable code (the provider's own where it has one)
 * @param message      one sentence, or the code when the expression gave none
 */
public record ExpressionVerdict(FailureClass failureClass, String code, String message) {
    public ExpressionVerdict {
        Objects.requireNonNull(failureClass, "failureClass");
        Objects.requireNonNull(code, "code");
        message = message == null ? code : message;
    }
}
