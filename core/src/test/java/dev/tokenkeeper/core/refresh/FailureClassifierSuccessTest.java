package dev.tokenkeeper.core.refresh;

import static dev.tokenkeeper.core.refresh.Replies.http;
import static dev.tokenkeeper.core.refresh.Replies.json;
import static dev.tokenkeeper.core.refresh.Replies.provider;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tokenkeeper.core.port.TokenEndpointReply;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.provider.TokenResponseSettings;
import dev.tokenkeeper.core.refresh.RefreshOutcome.Misconfigured;
import dev.tokenkeeper.core.refresh.RefreshOutcome.NeedsReauth;
import dev.tokenkeeper.core.refresh.RefreshOutcome.Refreshed;
import dev.tokenkeeper.core.refresh.RefreshOutcome.RetryLater;
import dev.tokenkeeper.core.token.TokenResponseParser;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The 2xx rows of the table, which go through {@link TokenResponseParser}. */
class FailureClassifierSuccessTest {
    private final FailureClassifier classifier = new FailureClassifier(Backoff.DEFAULT);

    @BeforeAll
    static void parserHasLanded() {
        boolean landed;
        try {
            TokenResponseParser.parse("application/json", "{}", Replies.SENT_AT, TokenResponseSettings.DEFAULT);
            landed = true;
        } catch (UnsupportedOperationException e) {
            landed = false;
        }
        assumeTrue(landed, "TokenResponseParser is still a stub here; it arrives from the token-parsing branch");
    }

    private RefreshOutcome classify(TokenEndpointReply reply) {
        return classify(reply, provider());
    }

    private RefreshOutcome classify(TokenEndpointReply reply, ProviderConfig provider) {
        return classifier.classify(reply, provider, 1, new SplittableRandom(3));
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 201})
    void classify_refreshed_whenAnswerIsATokenResponse(int status) {
        RefreshOutcome outcome = classify(json(status,
                "{\"access_token\":\"at-1\",\"token_type\":\"bearer\",\"expires_in\":3600,"
                        + "\"refresh_token\":\"rt-1\"}"));

        assertThat(outcome).isInstanceOfSatisfying(Refreshed.class,
                refreshed -> assertThat(refreshed.tokens().accessToken().reveal()).isEqualTo("at-1"));
    }

    @Test
    void classify_keepsParserNotes_whenRefreshed() {
        RefreshOutcome outcome = classify(json(200, "{\"access_token\":\"at-1\",\"expires_in\":-5}"));

        assertThat(outcome).isInstanceOfSatisfying(Refreshed.class,
                refreshed -> assertThat(refreshed.notes()).contains("expires_in_invalid"));
    }

    @Test
    void classify_needsReauth_whenSlackSaysInvalidAuthOn200() {
        RefreshOutcome outcome = classify(json(200, "{\"ok\":false,\"error\":\"invalid_auth\"}"));

        assertThat(outcome).isInstanceOfSatisfying(NeedsReauth.class, reauth -> {
            assertThat(reauth.reason().code()).isEqualTo("invalid_auth");
            assertThat(reauth.reason().cause().code()).isEqualTo("grant_invalid");
            assertThat(reauth.reason().providerError()).isEqualTo("invalid_auth");
            assertThat(reauth.reason().providerStatus()).isEqualTo(200);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"invalid_client", "unauthorized_client"})
    void classify_misconfigured_whenClientIsRejectedOn200(String error) {
        RefreshOutcome outcome = classify(json(200, "{\"error\":\"" + error + "\"}"));

        assertThat(outcome).isInstanceOfSatisfying(Misconfigured.class,
                wrong -> assertThat(wrong.reason().code()).isEqualTo(error));
    }

    @Test
    void classify_needsReauth_whenGrantIsRejectedOn200() {
        RefreshOutcome outcome = classify(json(200, "{\"error\":\"invalid_grant\"}"));

        assertThat(outcome).isInstanceOfSatisfying(NeedsReauth.class,
                reauth -> assertThat(reauth.reason().code()).isEqualTo("invalid_grant"));
    }

    @ParameterizedTest
    @CsvSource({
        "'{\"ok\":false,\"error\":\"ratelimited\"}', rate_limited",
        "'{\"error\":\"rate_limited\"}', rate_limited",
        "'{\"error\":\"slow_down\"}', rate_limited",
        "'{\"error\":\"temporarily_unavailable\"}', temporarily_unavailable",
        "'{\"error\":\"server_error\"}', server_error"})
    void classify_retries_whenErrorBodyOn200IsTransient(String body, String code) {
        RefreshOutcome outcome = classify(json(200, body, "Retry-After", "9"));

        assertThat(outcome).isEqualTo(new RetryLater(Duration.ofSeconds(9), ((RetryLater) outcome).reason()));
        assertThat(((RetryLater) outcome).reason().code()).isEqualTo(code);
    }

    @Test
    void classify_retriesWithBackoff_when200LacksAccessToken() {
        RefreshOutcome outcome = classify(json(200, "{\"token_type\":\"bearer\",\"expires_in\":3600}"));

        assertThat(outcome).isInstanceOfSatisfying(RetryLater.class, retry -> {
            assertThat(retry.reason().code()).isEqualTo("missing_access_token");
            assertThat(retry.after()).isBetween(Duration.ZERO, Duration.ofMillis(Backoff.DEFAULT.ceilingMillis(1)));
        });
    }

    @Test
    void classify_blamesTheTokenUrl_when200IsASignInPage() {
        RefreshOutcome outcome = classify(http(200, "<html><title>Sign in</title><form><input type=\"password\">"
                + "</form></html>", "Content-Type", "text/html"));

        assertThat(outcome).isInstanceOfSatisfying(Misconfigured.class, wrong -> {
            assertThat(wrong.reason().code()).isEqualTo("token_url_wrong");
            assertThat(wrong.reason().message()).contains("sign-in page", "token_url");
        });
    }

    @Test
    void classify_blamesTheUnknownAnswer_whenA200ErrorBodyHasAnUnknownCode() {
        RefreshOutcome outcome = classify(json(200, "{\"ok\":false,\"error\":\"something_odd\"}"));

        assertThat(outcome).isInstanceOfSatisfying(Misconfigured.class,
                wrong -> assertThat(wrong.reason().cause().code()).isEqualTo("token_answer_unrecognized"));
    }

    @Test
    void classify_retriesWithBackoff_when200IsNeitherAPageNorATokenResponse() {
        RefreshOutcome outcome = classify(http(200, "OK", "Content-Type", "text/plain"));

        assertThat(outcome).isInstanceOfSatisfying(RetryLater.class,
                retry -> assertThat(retry.reason().code()).isEqualTo("unparsable_response"));
    }

    @Test
    void classify_refreshed_whenExpressionHasNoOpinionOnASuccess() {
        ProviderConfig slack = provider("body.ok = false ? {\"class\": \"needs_reauth\", \"code\": body.error} : null");

        RefreshOutcome outcome = classify(json(200, "{\"ok\":true,\"access_token\":\"xoxe.xoxp-1\","
                + "\"expires_in\":43200,\"refresh_token\":\"xoxe-1\",\"token_type\":\"user\"}"), slack);

        assertThat(outcome).isInstanceOf(Refreshed.class);
    }
}
