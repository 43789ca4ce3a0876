package dev.tokenkeeper.core.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.core.refresh.FailureClass;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ErrorExpressionTest {

    private static final String SLACK = """
            body.ok = false
              ? {"class": body.error in ["ratelimited"] ? "retryable" : "needs_reauth", "code": body.error}
              : null""";

    @Test
    void evaluate_returnsNeedsReauth_whenSlackSaysInvalidAuth() {
        ErrorExpression slack = ErrorExpression.compile(SLACK);

        Optional<ExpressionVerdict> verdict =
                slack.evaluate(200, Map.of(), "{\"ok\":false,\"error\":\"invalid_auth\"}");

        assertThat(verdict).contains(new ExpressionVerdict(FailureClass.NEEDS_REAUTH, "invalid_auth", null));
    }

    @Test
    void evaluate_namesTheCause_whenTheExpressionGivesOne() {
        ErrorExpression expression = ErrorExpression.compile("""
                body.error = "token_revoked"
                  ? {"class": "needs_reauth", "code": body.error, "message": "Revoked.", "cause": " Grant_Revoked "}
                  : null""");

        Optional<ExpressionVerdict> verdict = expression.evaluate(200, Map.of(), "{\"error\":\"token_revoked\"}");

        assertThat(verdict).contains(
                new ExpressionVerdict(FailureClass.NEEDS_REAUTH, "token_revoked", "Revoked.", Cause.GRANT_REVOKED));
    }

    @Test
    void evaluate_namesNoCause_whenTheExpressionGivesNone() {
        Optional<ExpressionVerdict> verdict = ErrorExpression.compile(SLACK)
                .evaluate(200, Map.of(), "{\"ok\":false,\"error\":\"invalid_auth\"}");

        assertThat(verdict).hasValueSatisfying(named -> assertThat(named.cause()).isNull());
    }

    @Test
    void evaluate_returnsRetryable_whenSlackSaysRatelimited() {
        ErrorExpression slack = ErrorExpression.compile(SLACK);

        Optional<ExpressionVerdict> verdict = slack.evaluate(200, Map.of(), "{\"ok\":false,\"error\":\"ratelimited\"}");

        assertThat(verdict).map(ExpressionVerdict::failureClass).contains(FailureClass.RETRYABLE);
    }

    @Test
    void evaluate_returnsEmpty_whenExpressionReturnsNull() {
        ErrorExpression slack = ErrorExpression.compile(SLACK);

        assertThat(slack.evaluate(200, Map.of(), "{\"ok\":true,\"access_token\":\"xoxb-1\"}")).isEmpty();
        assertThat(slack.assess(200, Map.of(), "{\"ok\":true}")).isInstanceOf(ExpressionResult.NoOpinion.class);
    }

    @Test
    void evaluate_seesStatusHeadersAndMessage_whenExpressionUsesThem() {
        ErrorExpression expression = ErrorExpression.compile("""
                status = 400 and headers.`x-reason` = "busy"
                  ? {"class": "retryable", "code": "busy", "message": "Try again " & headers.`retry-after`}
                  : null""");

        Optional<ExpressionVerdict> verdict = expression.evaluate(400,
                Map.of("X-Reason", List.of("busy"), "retry-after", List.of("7")), "");

        assertThat(verdict).contains(new ExpressionVerdict(FailureClass.RETRYABLE, "busy", "Try again 7"));
    }

    @Test
    void evaluate_givesAllValues_whenHeaderRepeats() {
        ErrorExpression expression = ErrorExpression.compile(
                "{\"class\": \"retryable\", \"code\": $string($count(headers.`set-cookie`))}");

        Optional<ExpressionVerdict> verdict = expression.evaluate(500, Map.of("set-cookie", List.of("a", "b")), "");

        assertThat(verdict).map(ExpressionVerdict::code).contains("2");
    }

    @Test
    void evaluate_seesRawText_whenBodyIsNotJson() {
        ErrorExpression expression = ErrorExpression.compile(
                "$contains(body, \"Service Unavailable\") ? {\"class\": \"retryable\", \"code\": \"html\"} : null");

        Optional<ExpressionVerdict> verdict = expression.evaluate(503, Map.of(),
                "<html><head><title>503 Service Unavailable</title></head></html>");

        assertThat(verdict).map(ExpressionVerdict::code).contains("html");
    }

    @Test
    void evaluate_mapsTemporarilyUnavailableToRetryable_whenProviderSaysSoOn400() {
        ErrorExpression expression = ErrorExpression.compile(
                "body.error = \"temporarily_unavailable\" ? {\"class\": \"retryable\", \"code\": body.error} : null");

        Optional<ExpressionVerdict> verdict = expression.evaluate(400, Map.of(),
                "{\"error\":\"temporarily_unavailable\"}");

        assertThat(verdict).map(ExpressionVerdict::failureClass).contains(FailureClass.RETRYABLE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"body.ok = = false", "{\"class\": ", "$substring(body", "body[", "\"unterminated"})
    void compile_rejectsBrokenExpression_namingTheFieldAndPosition(String source) {
        assertThatThrownBy(() -> ErrorExpression.compile(source))
                .isInstanceOfSatisfying(InvalidProviderConfigException.class,
                        e -> assertThat(e.field()).isEqualTo("error_expression"))
                .hasMessageStartingWith("error_expression: ")
                .hasMessageContaining("position");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void compile_rejectsBlankExpression(String source) {
        assertThatThrownBy(() -> ErrorExpression.compile(source))
                .isInstanceOf(InvalidProviderConfigException.class)
                .hasMessage("error_expression: must not be blank");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"class\": \"fatal\", \"code\": \"x\"}",
        "{\"class\": 1, \"code\": \"x\"}",
        "{\"code\": \"x\"}",
        "{\"class\": \"retryable\"}",
        "{\"class\": \"retryable\", \"code\": 42}",
        "{\"class\": \"retryable\", \"code\": \"  \"}",
        "{\"class\": \"retryable\", \"code\": \"x\", \"message\": [1]}",
        "{\"class\": \"needs_reauth\", \"code\": \"x\", \"cause\": \"user_forgot\"}",
        "{\"class\": \"needs_reauth\", \"code\": \"x\", \"cause\": 7}",
        "{\"class\": \"needs_reauth\", \"code\": \"x\", \"cause\": \"\"}",
        "\"retryable\"",
        "[1, 2]",
        "true"})
    void assess_reportsMalformedResult_whenShapeIsWrong(String source) {
        ExpressionResult result = ErrorExpression.compile(source).assess(400, Map.of(), "{}");

        assertThat(result).isInstanceOfSatisfying(ExpressionResult.Failed.class,
                failed -> assertThat(failed.problem()).isEqualTo(ExpressionResult.Problem.MALFORMED_RESULT));
    }

    @Test
    void assess_reportsRuntimeErrorWithoutResponseContent_whenExpressionFails() {
        ErrorExpression expression = ErrorExpression.compile("$number(body.error) + 1");

        ExpressionResult result = expression.assess(400, Map.of(), "{\"error\":\"secret-ish-value-abc\"}");

        assertThat(result).isInstanceOfSatisfying(ExpressionResult.Failed.class, failed -> {
            assertThat(failed.problem()).isEqualTo(ExpressionResult.Problem.RUNTIME_ERROR);
            assertThat(failed.detail()).startsWith("runtime error ").doesNotContain("secret-ish-value-abc");
        });
    }

    @Test
    void assess_cutsOffInfiniteLoop_byStepLimit() {
        // a frozen ticker: on a loaded machine the time limit must not fire first
        ErrorExpression loop = ErrorExpression.compile("($f := function($n) { $f($n + 1) }; $f(0))",
                ExpressionLimits.DEFAULT, () -> 0L);

        ExpressionResult result = loop.assess(400, Map.of(), "{}");

        assertThat(result).isEqualTo(new ExpressionResult.Failed(
                ExpressionResult.Problem.TOO_MANY_STEPS, "exceeded 100000 evaluation steps"));
    }

    @Test
    void assess_cutsOffDeepRecursion_byDepthLimit() {
        ErrorExpression recursion = ErrorExpression.compile(
                "($f := function($n) { $n = 0 ? 0 : 1 + $f($n - 1) }; $f(1000000))");

        ExpressionResult result = recursion.assess(400, Map.of(), "{}");

        assertThat(result).isEqualTo(new ExpressionResult.Failed(
                ExpressionResult.Problem.TOO_DEEP, "exceeded evaluation depth 200"));
    }

    @Test
    void assess_cutsOffLoop_whenHiddenInEval() {
        ErrorExpression hidden = ErrorExpression.compile(
                "$eval(\"($f := function($n) { $f($n + 1) }; $f(0))\")", ExpressionLimits.DEFAULT, () -> 0L);

        ExpressionResult result = hidden.assess(400, Map.of(), "{}");

        assertThat(result).isInstanceOfSatisfying(ExpressionResult.Failed.class,
                failed -> assertThat(failed.problem()).isEqualTo(ExpressionResult.Problem.TOO_MANY_STEPS));
    }

    @Test
    void assess_cutsOff_whenTickerPassesTimeout() {
        long[] now = {0};
        ExpressionLimits limits = new ExpressionLimits(1_000_000, 200, Duration.ofMillis(250));
        ErrorExpression loop = ErrorExpression.compile("($f := function($n) { $f($n + 1) }; $f(0))", limits,
                () -> now[0] += Duration.ofMillis(1).toNanos());

        ExpressionResult result = loop.assess(400, Map.of(), "{}");

        assertThat(result).isEqualTo(
                new ExpressionResult.Failed(ExpressionResult.Problem.TIMED_OUT, "exceeded 250 ms"));
    }

    @Test
    void assess_stillAnswers_afterAnEvaluationWasCutOff() {
        ErrorExpression expression = ErrorExpression.compile("""
                body.loop ? ($f := function($n) { $f($n + 1) }; $f(0)) : {"class": "retryable", "code": "ok"}""");

        expression.assess(400, Map.of(), "{\"loop\":true}");

        assertThat(expression.evaluate(400, Map.of(), "{\"loop\":false}")).isPresent();
    }

    @Test
    void equals_comparesSourceAndLimits() {
        ExpressionLimits tight = new ExpressionLimits(10, 10, Duration.ofMillis(1));

        assertThat(ErrorExpression.compile(SLACK)).isEqualTo(ErrorExpression.compile(SLACK))
                .hasSameHashCodeAs(ErrorExpression.compile(SLACK))
                .isNotEqualTo(ErrorExpression.compile(SLACK, tight))
                .isNotEqualTo(ErrorExpression.compile("null"));
    }

    @Test
    void evaluate_givesEachCallerItsOwnAnswer_whenCalledConcurrently() throws Exception {
        // $$ is the root binding: it would show another caller's input if evaluations shared a frame.
        // A frozen ticker: this test is about isolation, and a loaded machine must not trip the time budget.
        ErrorExpression expression = ErrorExpression.compile(
                "($n := $$.body.n; {\"class\": \"retryable\", \"code\": \"n\" & $string($n * 2)})",
                ExpressionLimits.DEFAULT, () -> 0L);
        List<Callable<Boolean>> callers = IntStream.range(0, 32).<Callable<Boolean>>mapToObj(caller -> () -> {
            ErrorExpression.compile("$bystander");  // compiling others on this thread must not disturb it (#93)
            for (int i = 0; i < 100; i++) {
                int n = caller * 1000 + i;
                Optional<ExpressionVerdict> verdict = expression.evaluate(500, Map.of(), "{\"n\":" + n + "}");
                if (!verdict.map(ExpressionVerdict::code).equals(Optional.of("n" + n * 2))) {
                    return false;
                }
            }
            return true;
        }).toList();

        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            for (Future<Boolean> answer : threads.invokeAll(callers)) {
                assertThat(answer.get()).isTrue();
            }
        }
    }
}
