package dev.tokenkeeper.core.provider;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds on one evaluation of an error expression, checked at every evaluation step.
 *
 * @param maxSteps the most expression nodes evaluated (a deterministic bound that stops loops)
 * @param maxDepth the deepest nesting of evaluations (stops runaway recursion before the JVM stack does)
 * @param timeout  the longest an evaluation may run, a backstop for steps that are slow one by one
 */
public record ExpressionLimits(int maxSteps, int maxDepth, Duration timeout) {

    /** Generous for any error expression (they take tens of steps), tight enough to keep a refresh fast. */
    public static final ExpressionLimits DEFAULT = new ExpressionLimits(100_000, 200, Duration.ofMillis(250));

    public ExpressionLimits {
        Objects.requireNonNull(timeout, "timeout");
        if (maxSteps < 1 || maxDepth < 1 || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("expression limits must be positive");
        }
    }
}
