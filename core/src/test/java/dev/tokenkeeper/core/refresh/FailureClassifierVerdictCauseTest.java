package dev.tokenkeeper.core.refresh;

import static dev.tokenkeeper.core.refresh.Replies.json;
import static dev.tokenkeeper.core.refresh.Replies.provider;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.core.refresh.RefreshOutcome.Misconfigured;
import dev.tokenkeeper.core.refresh.RefreshOutcome.NeedsReauth;
import dev.tokenkeeper.core.refresh.RefreshOutcome.RetryLater;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** An error expression's verdict names the cause of the failure it classifies. */
class FailureClassifierVerdictCauseTest {
    private final FailureClassifier classifier = new FailureClassifier(Backoff.DEFAULT);

    @Test
    void classify_keepsTheVerdictsCause_whenTheExpressionNamesOne() {
        RefreshOutcome outcome = classifier.classify(json(400, "{\"error\":\"invalid_grant\",\"why\":\"quota\"}"),
                provider("""
                        body.why = "quota"
                          ? {"class": "needs_reauth", "code": "too_many_grants", "cause": "refresh_token_limit_exceeded"}
                          : null"""), 0, new SplittableRandom(7));

        assertThat(outcome).isInstanceOfSatisfying(NeedsReauth.class, reauth -> {
            assertThat(reauth.reason().code()).isEqualTo("too_many_grants");
            assertThat(reauth.reason().cause()).isEqualTo(Cause.REFRESH_TOKEN_LIMIT_EXCEEDED);
        });
    }

    @Test
    void classify_keepsTheVerdictsCause_whenTheVerdictIsRetryable() {
        RefreshOutcome outcome = classifier.classify(json(200, "{\"ok\":false,\"error\":\"ratelimited\"}"),
                provider("{\"class\": \"retryable\", \"code\": body.error, \"cause\": \"rate_limited\"}"), 0,
                new SplittableRandom(7));

        assertThat(outcome).isInstanceOfSatisfying(RetryLater.class,
                retry -> assertThat(retry.reason().cause()).isEqualTo(Cause.RATE_LIMITED));
    }

    @Test
    void classify_givesTheCodesUsualCause_whenTheVerdictNamesNone() {
        RefreshOutcome outcome = classifier.classify(json(401, "{\"error\":\"app_gone\"}"),
                provider("{\"class\": \"misconfigured\", \"code\": body.error}"), 0, new SplittableRandom(7));

        assertThat(outcome).isInstanceOfSatisfying(Misconfigured.class,
                wrong -> assertThat(wrong.reason().cause()).isEqualTo(Cause.TOKEN_ANSWER_UNRECOGNIZED));
    }

    @Test
    void classify_ignoresTheVerdict_whenItsCauseIsNoKnownCause() {
        RefreshOutcome outcome = classifier.classify(json(400, "{\"error\":\"invalid_grant\"}"),
                provider("{\"class\": \"retryable\", \"code\": \"x\", \"cause\": \"moon_phase\"}"), 0,
                new SplittableRandom(7));

        assertThat(outcome).isInstanceOfSatisfying(NeedsReauth.class, reauth -> {
            assertThat(reauth.reason().code()).isEqualTo("invalid_grant");
            assertThat(reauth.reason().message()).contains("The error expression was ignored: malformed result");
        });
    }
}
