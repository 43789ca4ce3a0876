package dev.tokenkeeper.core.provider;

import java.util.Objects;

/** What evaluating an error expression came to: a verdict, no opinion, or a failure that counts as no opinion. */
public sealed interface ExpressionResult {

    /** The expression classified the response. */
    record Verdict(ExpressionVerdict verdict) implements ExpressionResult {
        public Verdict {
            Objects.requireNonNull(verdict, "verdict");
        }
    }

    /** The expression returned null: the default rules decide. */
    record NoOpinion() implements ExpressionResult {}

    /**
     * The expression could not give a usable answer; the default rules decide and the problem is surfaced.
     *
     * @param problem what went wrong
     * @param detail  one phrase for logs and stored errors; never holds response content
     */
    record Failed(Problem problem, String detail) implements ExpressionResult {
        public Failed {
            Objects.requireNonNull(problem, "problem");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** Why an evaluation gave no usable answer. */
    enum Problem {
        /** JSONata raised an error (type error, bad argument…). */
        RUNTIME_ERROR,
        /** More evaluation steps than {@link ExpressionLimits#maxSteps()}. */
        TOO_MANY_STEPS,
        /** Deeper than {@link ExpressionLimits#maxDepth()}. */
        TOO_DEEP,
        /** Longer than {@link ExpressionLimits#timeout()}. */
        TIMED_OUT,
        /** The result was not {@code {class, code, message, cause?}} with a known class, a known cause and strings. */
        MALFORMED_RESULT
    }
}
