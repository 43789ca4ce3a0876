package dev.tokenkeeper.core.provider;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import java.util.function.LongSupplier;

/**
 * Meters one evaluation through jsonata-java's entry and exit callbacks (the hooks its own {@code Timebox} uses),
 * stopping it once a limit is passed. One meter per evaluation; used by one thread at a time.
 */
final class ExpressionMeter {
    private final ExpressionLimits limits;
    private final LongSupplier nanoTicker;
    private final long startNanos;
    private long steps;
    private int depth;
    private ExpressionResult.Problem exceeded;

    ExpressionMeter(ExpressionLimits limits, LongSupplier nanoTicker) {
        this.limits = limits;
        this.nanoTicker = nanoTicker;
        this.startNanos = nanoTicker.getAsLong();
    }

    /** Installs the meter on a fresh evaluation frame. */
    void install(Jsonata.Frame frame) {
        frame.setEvaluateEntryCallback((expr, input, env) -> {
            steps++;
            // Like Timebox: "parallel" array items are evaluated side by side, so they do not nest.
            if (!env.isParallelCall) {
                depth++;
            }
            check();
        });
        frame.setEvaluateExitCallback((expr, input, env, result) -> {
            if (!env.isParallelCall) {
                depth--;
            }
            check();
        });
    }

    /** The limit passed, or null while within bounds. */
    ExpressionResult.Problem exceeded() {
        return exceeded;
    }

    /** A phrase naming the limit passed. */
    String describeExceeded() {
        return switch (exceeded) {
            case TOO_MANY_STEPS -> "exceeded " + limits.maxSteps() + " evaluation steps";
            case TOO_DEEP -> "exceeded evaluation depth " + limits.maxDepth();
            case TIMED_OUT -> "exceeded " + limits.timeout().toMillis() + " ms";
            default -> throw new IllegalStateException("not a limit: " + exceeded);
        };
    }

    // Once passed, a limit stays passed: JSONata code that catches the first error meets it again next step.
    private void check() {
        if (exceeded == null) {
            exceeded = firstLimitPassed();
        }
        if (exceeded != null) {
            throw new JException("U1001", -1);
        }
    }

    private ExpressionResult.Problem firstLimitPassed() {
        if (steps > limits.maxSteps()) {
            return ExpressionResult.Problem.TOO_MANY_STEPS;
        }
        if (depth > limits.maxDepth()) {
            return ExpressionResult.Problem.TOO_DEEP;
        }
        if (nanoTicker.getAsLong() - startNanos > limits.timeout().toNanos()) {
            return ExpressionResult.Problem.TIMED_OUT;
        }
        return null;
    }
}
