package dev.tokenkeeper.core.refresh;

import static dev.tokenkeeper.core.refresh.Replies.ELAPSED;
import static dev.tokenkeeper.core.refresh.Replies.SENT_AT;
import static dev.tokenkeeper.core.refresh.Replies.http;
import static dev.tokenkeeper.core.refresh.Replies.json;
import static dev.tokenkeeper.core.refresh.Replies.provider;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.cause.Actor;
import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.core.port.TokenEndpointReply;
import dev.tokenkeeper.core.port.TokenEndpointReply.TransportFailure;
import dev.tokenkeeper.core.provider.ErrorExpression;
import dev.tokenkeeper.core.provider.ExpressionLimits;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.refresh.RefreshOutcome.Misconfigured;
import dev.tokenkeeper.core.refresh.RefreshOutcome.NeedsReauth;
import dev.tokenkeeper.core.refresh.RefreshOutcome.RetryLater;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FailureClassifierTest {
    private static final Backoff BACKOFF = Backoff.DEFAULT;
    private static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlLXZhbHVl";
    private static final String SLACK = """
            body.ok = false
              ? {"class": body.error in ["ratelimited"] ? "retryable" : "needs_reauth", "code": body.error}
              : null""";

    private final FailureClassifier classifier = new FailureClassifier(BACKOFF);

    private RefreshOutcome classify(TokenEndpointReply reply) {
        return classify(reply, provider());
    }

    private RefreshOutcome classify(TokenEndpointReply reply, ProviderConfig provider) {
        return classifier.classify(reply, provider, 2, new SplittableRandom(7));
    }

    private static FailureReason reason(RefreshOutcome outcome) {
        return switch (outcome) {
            case RetryLater retry -> retry.reason();
            case NeedsReauth reauth -> reauth.reason();
            case Misconfigured wrong -> wrong.reason();
            case RefreshOutcome.Refreshed refreshed -> throw new AssertionError("refreshed: " + refreshed);
        };
    }

    private static void assertBackoff(RefreshOutcome outcome, int attempt) {
        assertThat(outcome).isInstanceOfSatisfying(RetryLater.class, retry -> assertThat(retry.after())
                .isBetween(BACKOFF.floor(attempt), Duration.ofMillis(BACKOFF.ceilingMillis(attempt))));
    }

    @ParameterizedTest
    @CsvSource({"TIMEOUT, timeout", "CONNECT, connection_failed", "IO, io_error"})
    void classify_retriesWithBackoff_whenTransportFails(TokenEndpointReply.Kind kind, String code) {
        TransportFailure failure = new TransportFailure(kind, "broken while sending Bearer " + JWT, SENT_AT, ELAPSED);

        RefreshOutcome outcome = classify(failure);

        assertBackoff(outcome, 2);
        assertThat(reason(outcome).code()).isEqualTo(code);
        assertThat(reason(outcome).providerStatus()).isNull();
        assertThat(reason(outcome).message()).contains("broken while sending Bearer [REDACTED]").doesNotContain(JWT);
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504, 599})
    void classify_retriesWithBackoff_whenServerFails(int status) {
        RefreshOutcome outcome = classify(json(status, "{\"error\":\"invalid_grant\"}"));

        assertBackoff(outcome, 2);
        assertThat(reason(outcome).code()).isEqualTo("server_error");
        assertThat(reason(outcome).providerStatus()).isEqualTo(status);
        assertThat(reason(outcome).providerError()).isEqualTo("invalid_grant");
    }

    @Test
    void classify_waitsRetryAfter_whenHtml503CarriesOne() throws IOException {
        RefreshOutcome outcome = classify(http(503, resource("503-service-unavailable.html"),
                "Content-Type", "text/html", "Retry-After", "30"));

        assertThat(outcome).isEqualTo(new RetryLater(Duration.ofSeconds(30), new FailureReason("server_error",
                "The provider answered HTTP 503, a server error.", 503, null, "503 Service Temporarily Unavailable",
                null)));
    }

    @Test
    void classify_waitsRetryAfterSeconds_whenRateLimited() {
        RefreshOutcome outcome = classify(json(429, "{\"error\":\"rate_limited\"}", "Retry-After", "120"));

        assertThat(outcome).isInstanceOfSatisfying(RetryLater.class, retry -> {
            assertThat(retry.after()).isEqualTo(Duration.ofSeconds(120));
            assertThat(retry.reason().code()).isEqualTo("rate_limited");
        });
    }

    @Test
    void classify_waitsUntilRetryAfterDate_countedFromReceipt() {
        // Received at 10:00:00.300; asked to wait until 10:05:00.
        RefreshOutcome outcome = classify(http(429, "", "Retry-After", "Sat, 01 Mar 2025 10:05:00 GMT"));

        assertThat(outcome).isInstanceOfSatisfying(RetryLater.class,
                retry -> assertThat(retry.after()).isEqualTo(Duration.ofMinutes(5).minus(ELAPSED)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "later", "-1"})
    void classify_backsOff_whenRateLimitedWithoutUsableRetryAfter(String retryAfter) {
        RefreshOutcome outcome = classify(http(429, "", "Retry-After", retryAfter));

        assertBackoff(outcome, 2);
        assertThat(reason(outcome).code()).isEqualTo("rate_limited");
    }

    @ParameterizedTest
    @CsvSource({"429, 0", "503, 0", "429, -1", "503, 'Sat, 01 Mar 2025 09:00:00 GMT'",
        "429, 'Thu, 01 Jan 1970 00:00:00 GMT'", "503, 1740823200", "429, 864000", "503, soon"})
    void classify_waitsAtLeastTheBackoffFloor_whenRetryAfterIsZeroPastOrAbsurd(int status, String retryAfter) {
        for (int attempt = 0; attempt < 12; attempt++) {
            RefreshOutcome outcome = classifier.classify(http(status, "", "Retry-After", retryAfter), provider(),
                    attempt, new SplittableRandom(attempt));

            assertBackoff(outcome, attempt);
        }
    }

    @Test
    void classify_keepsTheBackoff_whenRetryAfterIsShorter() {
        RefreshOutcome outcome = classifier.classify(http(503, "", "Retry-After", "1"), provider(), 8,
                new SplittableRandom(3));

        assertBackoff(outcome, 8);
        assertThat(BACKOFF.floor(8)).isGreaterThan(Duration.ofSeconds(1));
    }

    @Test
    void classify_clampsRetryAfterToOneHour_whenLongButPlausible() {
        RefreshOutcome outcome = classify(http(429, "", "Retry-After", "7200"));

        assertThat(outcome).isInstanceOfSatisfying(RetryLater.class,
                retry -> assertThat(retry.after()).isEqualTo(Duration.ofHours(1)));
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 409, 423, 425})
    void classify_retriesWithBackoff_forZapiersExceptions(int status) {
        RefreshOutcome outcome = classify(json(status, "{\"error\":\"invalid_grant\"}"));

        assertBackoff(outcome, 2);
        assertThat(reason(outcome).code()).isEqualTo("http_" + status);
    }

    @Test
    void classify_needsReauth_whenKeycloakRefuses_tokenReuse() {
        RefreshOutcome outcome = classify(json(400, """
                {"error":"invalid_grant","error_description":"Maximum allowed refresh token reuse exceeded"}"""));

        assertThat(outcome).isInstanceOfSatisfying(NeedsReauth.class, dead -> {
            assertThat(dead.reason().code()).isEqualTo("invalid_grant");
            assertThat(dead.reason().providerDescription()).isEqualTo("Maximum allowed refresh token reuse exceeded");
            assertThat(dead.reason().cause()).isEqualTo(Cause.REFRESH_TOKEN_REUSED);
        });
    }

    @Test
    void classify_misconfigured_whenKeycloakSaysUnauthorizedClient() {
        RefreshOutcome outcome = classify(json(401, "{\"error\":\"unauthorized_client\",\"error_description\":"
                + "\"Client not allowed for direct access grants\"}"));

        assertThat(outcome).isInstanceOfSatisfying(Misconfigured.class, wrong -> {
            assertThat(wrong.reason().code()).isEqualTo("unauthorized_client");
            assertThat(wrong.reason().providerDescription()).isEqualTo("Client not allowed for direct access grants");
        });
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401})
    void classify_misconfigured_whenClientIsInvalid(int status) {
        RefreshOutcome outcome = classify(json(status,
                "{\"error\":\"invalid_client\",\"error_description\":\"Invalid client secret\"}"));

        assertThat(outcome).isInstanceOfSatisfying(Misconfigured.class, wrong -> {
            assertThat(wrong.reason().code()).isEqualTo("invalid_client");
            assertThat(wrong.reason().providerStatus()).isEqualTo(status);
        });
    }

    @Test
    void classify_needsReauthWithAadstsSubcode_whenMicrosoftTokenExpiredFromInactivity() throws IOException {
        RefreshOutcome outcome = classify(json(400, resource("microsoft-aadsts700082.json")));

        assertThat(outcome).isInstanceOfSatisfying(NeedsReauth.class, reauth -> {
            assertThat(reauth.reason().code()).isEqualTo("invalid_grant");
            assertThat(reauth.reason().providerSubcode()).isEqualTo("AADSTS700082");
            assertThat(reauth.reason().providerDescription())
                    .startsWith("AADSTS700082: The refresh token has expired due to inactivity.");
        });
    }

    @Test
    void classify_needsReauth_whenGoogleTokenExpiredOrRevoked() {
        RefreshOutcome outcome = classify(json(400,
                "{\"error\":\"invalid_grant\",\"error_description\":\"Token has been expired or revoked.\"}"));

        assertThat(outcome).isInstanceOfSatisfying(NeedsReauth.class, reauth -> {
            assertThat(reauth.reason().code()).isEqualTo("invalid_grant");
            assertThat(reauth.reason().providerDescription()).isEqualTo("Token has been expired or revoked.");
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "400 | {\"error\":\"invalid_scope\"}              | invalid_scope          | scope_invalid",
        "400 | {\"error\":\"unsupported_grant_type\"}     | unsupported_grant_type | refresh_request_malformed",
        "401 | {\"error\":\"invalid_token\"}              | invalid_client         | client_credentials_rejected",
        "401 | ''                                         | invalid_client         | client_credentials_rejected",
        "403 | <html><title>Forbidden</title></html>      | http_403               | token_answer_unrecognized",
        "404 | ''                                         | token_url_wrong        | token_url_wrong",
        "405 | {\"error\":\"invalid_grant\"}              | token_url_wrong        | token_url_wrong",
        "410 | <html><title>Gone</title></html>           | token_url_wrong        | token_url_wrong",
        "400 | {\"error\":\"unheard_of\"}                 | unheard_of             | token_answer_unrecognized",
        "418 | I'm a teapot                               | http_418               | token_answer_unrecognized"})
    void classify_misconfigured_forEvery4xxThatDoesNotSayTheGrantIsDead(int status, String body, String code,
            String cause) {
        RefreshOutcome outcome = classify(http(status, body));

        assertThat(outcome).isInstanceOfSatisfying(Misconfigured.class, wrong -> {
            assertThat(wrong.reason().code()).isEqualTo(code);
            assertThat(wrong.reason().cause().code()).isEqualTo(cause);
            assertThat(wrong.reason().cause().actor()).isEqualTo(Actor.OPERATOR);
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Missing required parameter: client_secret       | client_auth_method_wrong",
        "Client authentication failed (basic auth)        | client_auth_method_wrong",
        "Missing required parameter: refresh_token        | refresh_request_malformed"})
    void classify_blamesTheOperator_whenTheRequestIsInvalid(String description, String cause) {
        RefreshOutcome outcome = classify(json(400, "{\"error\":\"invalid_request\",\"error_description\":\""
                + description + "\"}"));

        assertThat(outcome).isInstanceOfSatisfying(Misconfigured.class,
                wrong -> assertThat(wrong.reason().cause().code()).isEqualTo(cause));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "invalid_grant         | Token has been expired or revoked.                          | grant_expired_or_revoked",
        "invalid_grant         | Refresh token reuse detected                                | refresh_token_reused",
        "invalid_grant         | The user might have changed or reset their password         | password_changed",
        "invalid_grant         | The refresh token has been revoked                          | grant_revoked",
        "invalid_grant         | Refresh token expired                                       | grant_expired",
        "invalid_grant         | Refresh token limit exceeded for this client and user       | refresh_token_limit_exceeded",
        "invalid_grant         | User account is disabled                                    | account_disabled",
        "invalid_grant         | The account is locked                                       | account_disabled",
        "invalid_grant         | The refresh token was already redeemed                      | refresh_token_reused",
        "invalid_grant         | The refresh token has been rotated                          | refresh_token_reused",
        "invalid_grant         | The refresh token has expired due to inactivity             | grant_expired",
        "invalid_grant         | ''                                                          | grant_invalid",
        "token_revoked         | ''                                                          | grant_revoked",
        "invalid_refresh_token | ''                                                          | grant_invalid"})
    void classify_namesWhyTheGrantIsDead_fromTheProvidersWords(String error, String description, String cause) {
        RefreshOutcome outcome = classify(json(400, "{\"error\":\"" + error + "\",\"error_description\":\""
                + description + "\"}"));

        assertThat(outcome).isInstanceOfSatisfying(NeedsReauth.class, dead -> {
            assertThat(dead.reason().cause().code()).isEqualTo(cause);
            assertThat(dead.reason().cause().actor()).isEqualTo(Actor.END_USER);
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "400 | invalid_request | Invalid refresh token                       | grant_invalid",
        "400 | access_denied   | The refresh token was revoked by the user    | grant_revoked",
        "401 | ''              | Refresh token expired                        | grant_expired",
        "400 | bad_token       | refresh_token not found                      | grant_invalid"})
    void classify_needsReauth_whenTheProviderSaysInItsWordsThatTheRefreshTokenIsDead(int status, String error,
            String description, String cause) {
        RefreshOutcome outcome = classify(json(status, "{\"error\":\"" + error + "\",\"error_description\":\""
                + description + "\"}"));

        assertThat(outcome).isInstanceOfSatisfying(NeedsReauth.class,
                dead -> assertThat(dead.reason().cause().code()).isEqualTo(cause));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "invalid_request     | Missing required parameter: refresh_token",
        "invalid_client      | Invalid client for this refresh token",
        "unauthorized_client | The client may not use the refresh token grant"})
    void classify_blamesTheOperator_whenTheWordsAboutTheRefreshTokenDoNotSayItIsDead(String error,
            String description) {
        RefreshOutcome outcome = classify(json(400, "{\"error\":\"" + error + "\",\"error_description\":\""
                + description + "\"}"));

        assertThat(outcome).isInstanceOf(Misconfigured.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 101, 0, 600, 999})
    void classify_retries_whenAnswerIsNotFinal(int status) {
        RefreshOutcome outcome = classify(http(status, "", "Location", "https://elsewhere.test/"));

        assertBackoff(outcome, 2);
        assertThat(reason(outcome).code()).isEqualTo("http_" + status);
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 303, 307, 308})
    void classify_blamesTheTokenUrl_whenTheTokenEndpointRedirects(int status) {
        RefreshOutcome outcome = classify(http(status, "", "Location", "https://login.elsewhere.test/signin"));

        assertThat(outcome).isInstanceOfSatisfying(Misconfigured.class, wrong -> {
            assertThat(wrong.reason().cause()).isEqualTo(Cause.TOKEN_URL_WRONG);
            assertThat(wrong.reason().message()).contains("https://login.elsewhere.test/signin", "token_url");
        });
    }

    @Test
    void classify_followsExpression_whenItMapsA400ToRetryable() {
        ProviderConfig provider = provider(
                "body.error = \"temporarily_unavailable\" ? {\"class\": \"retryable\", \"code\": body.error} : null");

        RefreshOutcome outcome = classify(json(400, "{\"error\":\"temporarily_unavailable\"}"), provider);

        assertBackoff(outcome, 2);
        assertThat(reason(outcome).code()).isEqualTo("temporarily_unavailable");
        assertThat(reason(outcome).providerError()).isEqualTo("temporarily_unavailable");
    }

    @Test
    void classify_needsReauth_whenSlackExpressionSaysInvalidAuth() {
        RefreshOutcome outcome = classify(json(200, "{\"ok\":false,\"error\":\"invalid_auth\"}"), provider(SLACK));

        assertThat(outcome).isEqualTo(new NeedsReauth(new FailureReason("invalid_auth", "invalid_auth", 200,
                "invalid_auth", null, null, Cause.GRANT_INVALID)));
    }

    @Test
    void classify_honorsRetryAfter_whenExpressionSaysRetryable() {
        RefreshOutcome outcome = classify(json(200, "{\"ok\":false,\"error\":\"ratelimited\"}", "Retry-After", "30"),
                provider(SLACK));

        assertThat(outcome).isInstanceOfSatisfying(RetryLater.class, retry -> {
            assertThat(retry.after()).isEqualTo(Duration.ofSeconds(30));
            assertThat(retry.reason().code()).isEqualTo("ratelimited");
        });
    }

    @Test
    void classify_misconfigured_whenExpressionSaysSo() {
        ProviderConfig provider = provider("status = 403 ? {\"class\": \"misconfigured\", \"code\": \"App Disabled!\","
                + " \"message\": \"The app was disabled by the tenant admin.\"} : null");

        RefreshOutcome outcome = classify(http(403, "forbidden"), provider);

        assertThat(outcome).isEqualTo(new Misconfigured(new FailureReason("app_disabled",
                "The app was disabled by the tenant admin.", 403, null, "forbidden", null)));
    }

    @Test
    void classify_fallsBackToDefaultRules_whenExpressionLoops() {
        // a generous time limit: on a loaded machine the time limit must not fire before the step limit
        ProviderConfig provider = provider(ErrorExpression.compile("($f := function($n) { $f($n + 1) }; $f(0))",
                new ExpressionLimits(100_000, 200, Duration.ofMinutes(1))));

        RefreshOutcome outcome = classify(json(400, "{\"error\":\"invalid_grant\"}"), provider);

        assertThat(outcome).isInstanceOfSatisfying(NeedsReauth.class, reauth -> {
            assertThat(reauth.reason().code()).isEqualTo("invalid_grant");
            assertThat(reauth.reason().message())
                    .endsWith("(The error expression was ignored: exceeded 100000 evaluation steps.)");
        });
    }

    @Test
    void classify_fallsBackToDefaultRules_whenExpressionRecursesTooDeep() {
        ProviderConfig provider = provider("($f := function($n) { $n = 0 ? 0 : 1 + $f($n - 1) }; $f(99999))");

        RefreshOutcome outcome = classify(json(503, ""), provider);

        assertBackoff(outcome, 2);
        assertThat(reason(outcome).code()).isEqualTo("server_error");
        assertThat(reason(outcome).message()).contains("exceeded evaluation depth 200");
    }

    @Test
    void classify_fallsBackToDefaultRules_whenExpressionResultIsMalformed() {
        RefreshOutcome outcome = classify(json(401, "{\"error\":\"invalid_client\"}"),
                provider("{\"class\": \"doomed\", \"code\": body.error}"));

        assertThat(outcome).isInstanceOfSatisfying(Misconfigured.class, wrong -> assertThat(wrong.reason().message())
                .contains("The error expression was ignored: malformed result"));
    }

    @Test
    void classify_redactsSecrets_whenBodyEchoesThem() {
        String body = "{\"error\":\"invalid_grant\",\"error_description\":\"refresh_token=r-123 rejected; "
                + "presented " + JWT + "\",\"refresh_token\":\"" + JWT + "\"}";

        FailureReason reason = reason(classify(json(400, body)));

        assertThat(reason.providerDescription()).isEqualTo("refresh_token=[REDACTED] rejected; presented [REDACTED]");
        assertThat(reason.toString()).doesNotContain(JWT).doesNotContain("r-123");
    }

    @Test
    void classify_redactsExpressionCodeAndMessage_whenBuiltFromBody() {
        ProviderConfig provider = provider("{\"class\": \"needs_reauth\", \"code\": body.refresh_token,"
                + " \"message\": \"bad \" & body.refresh_token}");

        FailureReason reason = reason(classify(json(400, "{\"refresh_token\":\"" + JWT + "\"}"), provider));

        assertThat(reason.code()).isEqualTo("redacted");
        assertThat(reason.message()).isEqualTo("bad [REDACTED]");
    }

    @Test
    void classify_isPure_givenTheSameSeed() {
        TokenEndpointReply reply = http(502, "bad gateway");

        RefreshOutcome first = classifier.classify(reply, provider(), 5, new SplittableRandom(42));
        RefreshOutcome second = classifier.classify(reply, provider(), 5, new SplittableRandom(42));

        assertThat(first).isEqualTo(second);
    }

    @Test
    void classify_staysBounded_whenBodyIsHuge() {
        String huge = "<html><title>Too big</title>" + "x".repeat(3_000_000) + "</html>";

        FailureReason reason = reason(classify(http(500, huge, "Content-Type", "text/html")));

        assertThat(reason.providerDescription()).isEqualTo("Too big");
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = FailureClassifierTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
