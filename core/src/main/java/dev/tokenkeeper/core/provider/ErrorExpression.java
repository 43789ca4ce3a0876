package dev.tokenkeeper.core.provider;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * A provider's JSONata expression over {@code {status, headers, body}} that returns {@code {class, code, message}}
 * (and optionally {@code cause}, a code of {@link dev.tokenkeeper.core.cause.Cause}) or null, compiled once and safe to
 * evaluate from many threads at once.
 *
 * <p>Every evaluation is metered (see {@link ExpressionLimits}): steps, nesting depth and running time are checked at
 * each evaluated node, so loops and runaway recursion are cut off. A runtime error, a passed limit or a malformed
 * result is a {@link ExpressionResult.Failed}, never an exception.
 *
 * <p>Sharing one compiled {@link Jsonata} is safe in jsonata-java 0.9.10 because each evaluation passes its own
 * frame: {@code evaluate(input, frame)} binds the input in a new child frame and keeps the evaluator's working state
 * in a per-thread instance, leaving the shared parse tree untouched (the only shared write is the timestamp behind
 * {@code $now()}). {@code ErrorExpressionTest} checks this under concurrent evaluation.
 */
public final class ErrorExpression {
    private static final Pattern JSONATA_CODE = Pattern.compile("[A-Z]\\d{4}");

    private final String source;
    private final Jsonata compiled;
    private final ExpressionLimits limits;
    private final LongSupplier nanoTicker;

    private ErrorExpression(String source, Jsonata compiled, ExpressionLimits limits, LongSupplier nanoTicker) {
        this.source = source;
        this.compiled = compiled;
        this.limits = limits;
        this.nanoTicker = nanoTicker;
    }

    /** Compiles an expression; a broken one is an {@link InvalidProviderConfigException} on error_expression. */
    public static ErrorExpression compile(String source) {
        return compile(source, ExpressionLimits.DEFAULT);
    }

    /** Compiles an expression evaluated within the given limits. */
    public static ErrorExpression compile(String source, ExpressionLimits limits) {
        // A monotonic ticker only meters an evaluation's length; it never reaches domain time.
        return compile(source, limits, System::nanoTime);
    }

    static ErrorExpression compile(String source, ExpressionLimits limits, LongSupplier nanoTicker) {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(nanoTicker, "nanoTicker");
        if (source == null || source.isBlank()) {
            throw new InvalidProviderConfigException("error_expression", "must not be blank");
        }
        try {
            return new ErrorExpression(source, Jsonata.jsonata(source), limits, nanoTicker);
        } catch (JException e) {
            throw new InvalidProviderConfigException("error_expression", syntaxProblem(e), e);
        } catch (RuntimeException e) {
            throw new InvalidProviderConfigException("error_expression", "is not a valid JSONata expression", e);
        }
    }

    public String source() {
        return source;
    }

    /** Evaluates over a response; empty when the expression returns null (no opinion) or gives no usable answer. */
    public Optional<ExpressionVerdict> evaluate(int status, Map<String, List<String>> headers, String body) {
        return assess(status, headers, body) instanceof ExpressionResult.Verdict verdict
                ? Optional.of(verdict.verdict())
                : Optional.empty();
    }

    /** Evaluates over a response, telling a null result apart from an evaluation that failed. */
    public ExpressionResult assess(int status, Map<String, List<String>> headers, String body) {
        Map<String, Object> input = ExpressionInput.of(status, headers, body);
        ExpressionMeter meter = new ExpressionMeter(limits, nanoTicker);
        Jsonata.Frame frame = compiled.createFrame();
        meter.install(frame);
        Object result;
        try {
            result = compiled.evaluate(input, frame);
        } catch (JException e) {
            return failure(meter, "runtime error " + codeOf(e) + positionOf(e));
        } catch (RuntimeException | StackOverflowError e) {
            // jsonata-java has internal bugs on odd inputs; they must not take the classifier down.
            return failure(meter, "runtime error " + e.getClass().getSimpleName());
        }
        return meter.exceeded() != null ? failure(meter, "") : VerdictReader.read(result);
    }

    private static ExpressionResult failure(ExpressionMeter meter, String runtimeDetail) {
        if (meter.exceeded() != null) {
            return new ExpressionResult.Failed(meter.exceeded(), meter.describeExceeded());
        }
        // Only JSONata's code and position: its messages can quote values taken from the response.
        return new ExpressionResult.Failed(ExpressionResult.Problem.RUNTIME_ERROR, runtimeDetail);
    }

    private static String syntaxProblem(JException e) {
        return e.getMessage() + " (" + codeOf(e) + positionOf(e) + ")";
    }

    private static String codeOf(JException e) {
        String code = e.getError();
        return code != null && JSONATA_CODE.matcher(code).matches() ? code : "unknown";
    }

    private static String positionOf(JException e) {
        return e.getLocation() >= 0 ? " at position " + e.getLocation() : "";
    }

    /** Equal when compiled from the same source with the same limits, so equal provider configs compare equal. */
    @Override
    public boolean equals(Object other) {
        return other instanceof ErrorExpression that && source.equals(that.source) && limits.equals(that.limits);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, limits);
    }

    @Override
    public String toString() {
        return "ErrorExpression[" + source + "]";
    }
}
