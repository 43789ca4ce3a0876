package dev.tokenkeeper.core.provider;

import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.core.refresh.FailureClass;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Turns what an error expression returned into an {@link ExpressionResult}, rejecting malformed objects. */
final class VerdictReader {

    private VerdictReader() {}

    static ExpressionResult read(Object result) {
        if (result == null) {
            return new ExpressionResult.NoOpinion();
        }
        if (!(result instanceof Map<?, ?> object)) {
            return malformed("the result is not an object");
        }
        Optional<FailureClass> failureClass = object.get("class") instanceof String name
                ? FailureClass.fromWireName(name.strip().toLowerCase(Locale.ROOT))
                : Optional.empty();
        if (failureClass.isEmpty()) {
            return malformed("class must be one of retryable, needs_reauth, misconfigured");
        }
        if (!(object.get("code") instanceof String code) || code.isBlank()) {
            return malformed("code must be a non-blank string");
        }
        Object message = object.get("message");
        if (message != null && !(message instanceof String)) {
            return malformed("message must be a string");
        }
        String text = message == null || ((String) message).isBlank() ? null : ((String) message).strip();
        Object causeCode = object.get("cause");
        if (causeCode == null) {
            return new ExpressionResult.Verdict(new ExpressionVerdict(failureClass.get(), code.strip(), text));
        }
        Optional<Cause> cause = causeCode instanceof String name
                ? Cause.fromCode(name.strip().toLowerCase(Locale.ROOT))
                : Optional.empty();
        if (cause.isEmpty()) {
            return malformed("cause must be a code of Tokenkeeper's catalogue of causes");
        }
        return new ExpressionResult.Verdict(new ExpressionVerdict(failureClass.get(), code.strip(), text,
                cause.get()));
    }

    private static ExpressionResult malformed(String why) {
        return new ExpressionResult.Failed(ExpressionResult.Problem.MALFORMED_RESULT, "malformed result: " + why);
    }
}
