package dev.tokenkeeper.core.provider;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A provider's JSONata expression over {status, headers, body}, compiled once. (Being implemented.) */
public final class ErrorExpression {
    private final String source;

    private ErrorExpression(String source) {
        this.source = source;
    }

    /** Compiles an expression; a broken one is an {@link InvalidProviderConfigException} on error_expression. */
    public static ErrorExpression compile(String source) {
        return new ErrorExpression(source);
    }

    public String source() {
        return source;
    }

    /** Evaluates over a response; empty when the expression returns null (no opinion). */
    public Optional<ExpressionVerdict> evaluate(int status, Map<String, List<String>> headers, String body) {
        throw new UnsupportedOperationException("not yet");
    }
}
