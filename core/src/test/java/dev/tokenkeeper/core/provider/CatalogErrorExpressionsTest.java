package dev.tokenkeeper.core.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.port.TokenEndpointReply;
import dev.tokenkeeper.core.refresh.Backoff;
import dev.tokenkeeper.core.refresh.FailureClassifier;
import dev.tokenkeeper.core.refresh.RefreshOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The catalog's error expressions over realistic answers of their providers. */
class CatalogErrorExpressionsTest {
    private static final ProviderCatalog CATALOG = ProviderCatalog.builtIn();
    private static final Instant SENT_AT = Instant.parse("2025-03-01T10:00:00Z");

    static Stream<CatalogEntry> entriesWithAnExpression() {
        return CATALOG.entries().stream().filter(entry -> expressionOf(entry) != null);
    }

    @Test
    void everyProvider_hasAnExpression_thatNamesTheCausesOfItsDocumentedAnswers() {
        assertThat(entriesWithAnExpression()).extracting(CatalogEntry::key)
                .containsExactlyInAnyOrderElementsOf(CATALOG.entries().stream().map(CatalogEntry::key).toList());
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3} {4}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            slack      | 200 | {"ok":false,"error":"invalid_auth"}                              | needs_reauth  | invalid_auth
            slack      | 200 | {"ok":false,"error":"token_expired"}                             | needs_reauth  | token_expired
            slack      | 200 | {"ok":false,"error":"token_revoked"}                             | needs_reauth  | token_revoked
            slack      | 200 | {"ok":false,"error":"invalid_refresh_token"}                     | needs_reauth  | invalid_refresh_token
            slack      | 200 | {"ok":false,"error":"bad_client_secret"}                         | misconfigured | bad_client_secret
            slack      | 200 | {"ok":false,"error":"ratelimited"}                               | retryable     | ratelimited
            microsoft  | 400 | {"error":"invalid_grant","error_description":"AADSTS70008: The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource. Trace ID: 1","error_codes":[70008],"timestamp":"2024-04-02 03:04:05Z"} | needs_reauth | AADSTS70008
            microsoft  | 400 | {"error":"invalid_grant","error_description":"AADSTS50173: The provided grant has expired due to it being revoked, a fresh auth token is needed."} | needs_reauth | AADSTS50173
            microsoft  | 400 | {"error":"interaction_required","error_description":"AADSTS50076: Due to a configuration change made by your administrator, you must use multi-factor authentication.","error_codes":[50076]} | needs_reauth | AADSTS50076
            microsoft  | 401 | {"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.","error_codes":[7000215]} | misconfigured | AADSTS7000215
            microsoft  | 401 | {"error":"invalid_client","error_description":"AADSTS7000222: The provided client secret keys for app '1' are expired.","error_codes":[7000222]} | misconfigured | AADSTS7000222
            google     | 400 | {"error":"invalid_grant","error_description":"Token has been expired or revoked."} | needs_reauth | token_expired_or_revoked
            google     | 400 | {"error":"invalid_grant","error_description":"reauth related error (invalid_rapt)","error_uri":"https://support.google.com/a/answer/9368756","error_subtype":"invalid_rapt"} | needs_reauth | invalid_rapt
            google     | 401 | {"error":"deleted_client","error_description":"The OAuth client was deleted."} | misconfigured | deleted_client
            salesforce | 400 | {"error":"invalid_client_id","error_description":"client identifier invalid"} | misconfigured | invalid_client_id
            salesforce | 400 | {"error":"rate_limit_exceeded","error_description":"ip/user rate limit exceeded"} | retryable | rate_limit_exceeded
            salesforce | 400 | {"error":"inactive_user","error_description":"inactive user"}   | needs_reauth  | inactive_user
            hubspot    | 400 | {"status":"BAD_REFRESH_TOKEN","message":"missing or invalid refresh token","correlationId":"1"} | needs_reauth | bad_refresh_token
            hubspot    | 400 | {"status":"BAD_CLIENT_ID","message":"missing or unknown client id","correlationId":"1"} | misconfigured | bad_client_id
            github     | 200 | {"error":"bad_refresh_verification_code","error_description":"The refresh token passed is incorrect or expired.","error_uri":"https://docs.github.com"} | needs_reauth | bad_refresh_verification_code
            github     | 200 | {"error":"incorrect_client_credentials","error_description":"The client_id and/or client_secret passed are incorrect."} | misconfigured | incorrect_client_credentials
            """)
    void expression_classifiesTheProvidersOwnFailure(String key, int status, String body, String failureClass,
            String code) {
        ErrorExpression expression = expressionOf(CATALOG.find(key).orElseThrow());

        ExpressionResult result = expression.assess(status, Map.of("Content-Type", List.of("application/json")), body);

        assertThat(result).isInstanceOfSatisfying(ExpressionResult.Verdict.class, verdict -> {
            assertThat(verdict.verdict().failureClass().wireName()).isEqualTo(failureClass);
            assertThat(verdict.verdict().code()).isEqualTo(code);
            assertThat(verdict.verdict().message()).isNotBlank();
        });
    }

    @Test
    void microsoftExpression_readsAStoredInactivityAnswer() {
        ErrorExpression microsoft = expressionOf(CATALOG.find("microsoft").orElseThrow());

        assertThat(microsoft.evaluate(400, Map.of(), resource("/dev/tokenkeeper/core/refresh/microsoft-aadsts700082.json")))
                .map(ExpressionVerdict::code)
                .contains("AADSTS700082");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entriesWithAnExpression")
    void expression_hasNoOpinion_onSuccessesAndOnAnswersItDoesNotKnow(CatalogEntry entry) {
        ErrorExpression expression = expressionOf(entry);

        assertThat(Stream.of(
                        expression.assess(200, Map.of(), """
                                {"access_token":"at-1","token_type":"Bearer","expires_in":3600,"refresh_token":"rt-1"}"""),
                        expression.assess(200, Map.of(), """
                                {"ok":true,"access_token":"xoxe.xoxb-1","token_type":"bot","expires_in":43200}"""),
                        expression.assess(503, Map.of(), "<html><title>Service Unavailable</title></html>"),
                        expression.assess(400, Map.of(), "{\"error\":\"invalid_request\"}"),
                        expression.assess(401, Map.of(), """
                                {"error":{"code":401,"message":"Request had invalid credentials.","status":"UNAUTHENTICATED"}}"""),
                        expression.assess(500, Map.of(), "[{\"errorCode\":\"UNKNOWN_EXCEPTION\"}]"),
                        expression.assess(400, Map.of(), "")))
                .allSatisfy(result -> assertThat(result).isInstanceOf(ExpressionResult.NoOpinion.class));
    }

    @ParameterizedTest(name = "{0} -> {3} {4}")
    @CsvSource(delimiter = '|', textBlock = """
            slack     | 200 | {"ok":false,"error":"token_revoked"}                          | NeedsReauth   | token_revoked
            microsoft | 400 | {"error":"invalid_grant","error_codes":[70008]}              | NeedsReauth   | aadsts70008
            github    | 200 | {"error":"incorrect_client_credentials"}                      | Misconfigured | incorrect_client_credentials
            """)
    void classifier_followsTheCatalogsExpression(String key, int status, String body, String outcome, String code) {
        ProviderConfig provider = CATALOG.configure(key, ProviderCatalogTest.json("{\"client_id\": \"c\"}"));

        RefreshOutcome classified = classify(provider, status, body);

        assertThat(classified.getClass().getSimpleName()).isEqualTo(outcome);
        assertThat(classified).satisfiesAnyOf(
                any -> assertThat(any).isInstanceOfSatisfying(RefreshOutcome.NeedsReauth.class,
                        reauth -> assertThat(reauth.reason().code()).isEqualTo(code)),
                any -> assertThat(any).isInstanceOfSatisfying(RefreshOutcome.Misconfigured.class,
                        wrong -> assertThat(wrong.reason().code()).isEqualTo(code)));
    }

    @Test
    void classifier_givesSalesforceTheAssumedLifetime_whenTheAnswerStatesNone() {
        ProviderConfig salesforce = CATALOG.configure("salesforce", ProviderCatalogTest.json("{\"client_id\": \"c\"}"));

        RefreshOutcome outcome = classify(salesforce, 200, """
                {"access_token":"00D-at","instance_url":"https://acme.my.salesforce.com","token_type":"Bearer",
                 "issued_at":"1740823200000","signature":"sig"}""");

        assertThat(outcome).isInstanceOfSatisfying(RefreshOutcome.Refreshed.class,
                refreshed -> assertThat(refreshed.tokens().expiresAt()).isEqualTo(SENT_AT.plus(Duration.ofHours(2))));
    }

    private static RefreshOutcome classify(ProviderConfig provider, int status, String body) {
        TokenEndpointReply reply = new TokenEndpointReply.HttpReply(status,
                Map.of("Content-Type", List.of("application/json")), body, SENT_AT, Duration.ofMillis(200));
        return new FailureClassifier(Backoff.DEFAULT).classify(reply, provider, 0, new SplittableRandom(7));
    }

    private static ErrorExpression expressionOf(CatalogEntry entry) {
        return entry.configure(ProviderCatalogTest.json("{\"client_id\": \"c\"}")).errorExpression();
    }

    private static String resource(String path) {
        try (InputStream in = CatalogErrorExpressionsTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
