package dev.tokenkeeper.server.diagnosis;

import static dev.tokenkeeper.server.diagnosis.DiagnosisReports.checks;
import static dev.tokenkeeper.server.diagnosis.DiagnosisReports.diagnose;
import static dev.tokenkeeper.server.diagnosis.DiagnosisReports.evidence;
import static dev.tokenkeeper.server.diagnosis.DiagnosisReports.importAs;
import static dev.tokenkeeper.server.diagnosis.DiagnosisReports.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenkeeper.core.provider.ErrorExpression;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.provider.WhoamiCheck;
import dev.tokenkeeper.server.TestService;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.InvalidTokenAnswer;
import dev.tokenkeeper.fake.IssuedGrant;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** How a diagnosis reads the provider's whoami answer, with at most one refresh and one more call. */
class DiagnoseWhoamiTest {
    private static TestService service;
    private static FakeProvider elsewhere;

    @BeforeAll
    static void start() {
        service = TestService.start(false, config -> config.whoami(new WhoamiCheck("GET", "/me")));
        elsewhere = FakeProvider.start();
    }

    @AfterAll
    static void stop() {
        try {
            service.close();
        } finally {
            elsewhere.close();
        }
    }

    /** Registers the fake provider under {@code key} with its whoami call at {@code whoamiPath}. */
    private static void provider(String key, String whoamiPath, UnaryOperator<ProviderConfig.Builder> change) {
        service.tokenkeeper.parts().providers().save(change.apply(TestService.providerConfig(key, service.provider)
                .whoami(new WhoamiCheck("GET", whoamiPath))).build());
    }

    private static IssuedGrant connection(String key, String id) {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        importAs(service, key, id, grant, 3600);
        return grant;
    }

    @Test
    void diagnose_namesAMissingScope_whenTheApiAnswers403WithAnInsufficientScopeChallenge() {
        provider("fake-scope", "/respond?status=403&header=WWW-Authenticate:Bearer%20error%3D%22insufficient_scope%22",
                UnaryOperator.identity());
        IssuedGrant grant = connection("fake-scope", "who-scope");
        long refreshes = service.provider.refreshCount();

        JsonNode report = diagnose(service, "who-scope", grant);

        assertThat(verdict(report)).isEqualTo("insufficient_scope/operator/provider_config");
        assertThat(report.path("fix").asText()).contains("scopes", "/v1/providers/fake-scope", "reconnect");
        assertThat(checks(report)).endsWith("token:pass", "whoami:fail");
        assertThat(evidence(report)).contains("whoami: WWW-Authenticate: Bearer error=\"insufficient_scope\"");
        assertThat(service.provider.refreshCount()).isEqualTo(refreshes);
    }

    @Test
    void diagnose_namesTheApiBaseUrl_whenTheWhoamiPathIsNotFoundThere() {
        provider("fake-no-path", "/no-such-endpoint", UnaryOperator.identity());
        IssuedGrant grant = connection("fake-no-path", "who-no-path");

        JsonNode report = diagnose(service, "who-no-path", grant);

        assertThat(verdict(report)).isEqualTo("api_base_url_wrong/operator/provider_config");
        assertThat(report.path("fix").asText()).contains("api_base_url", "whoami.path");
        assertThat(evidence(report)).anyMatch(fact -> fact.contains("answered 404") && fact.contains("/no-such-endpoint"));
    }

    @Test
    void diagnose_namesTheApiBaseUrl_whenItsHostDoesNotResolve() {
        provider("fake-typo-api", "/me", config -> config.apiBaseUrl(java.net.URI.create(
                "https://api.acme-typo.example")));
        IssuedGrant grant = connection("fake-typo-api", "who-typo-api");

        JsonNode report = diagnose(service, "who-typo-api", grant);

        assertThat(verdict(report)).isEqualTo("api_base_url_wrong/operator/provider_config");
        assertThat(evidence(report)).anyMatch(fact -> fact.contains("api.acme-typo.example")
                && fact.contains("does not resolve"));
        assertThat(report.toString()).doesNotContain("TOKENKEEPER_ALLOW_PRIVATE_URLS");
    }

    @Test
    void diagnose_namesAMissingScope_whenASuccessBodySaysMissingScope() {
        provider("fake-scope-body",
                "/respond?status=200&body=%7B%22ok%22%3Afalse%2C%22error%22%3A%22missing_scope%22%7D",
                UnaryOperator.identity());
        IssuedGrant grant = connection("fake-scope-body", "who-scope-body");

        JsonNode report = diagnose(service, "who-scope-body", grant);

        assertThat(verdict(report)).isEqualTo("insufficient_scope/operator/provider_config");
        assertThat(report.path("healthy").asBoolean()).isFalse();
        assertThat(evidence(report)).anyMatch(fact -> fact.startsWith("whoami: the answer: ")
                && fact.contains("missing_scope"));
    }

    @Test
    void diagnose_namesTheAuthFailureStatuses_whenTheApiSaysExpiredWithAnUnlistedStatus() {
        provider("fake-forbidden", "/me", UnaryOperator.identity());
        IssuedGrant grant = connection("fake-forbidden", "who-forbidden");
        service.provider.grantQuirks(grant.grantId()).invalidTokenAnswer(InvalidTokenAnswer.FORBIDDEN);
        service.provider.expireAccessTokens(grant.grantId());

        JsonNode report = diagnose(service, "who-forbidden", grant);

        assertThat(verdict(report)).isEqualTo("auth_failure_statuses_wrong/operator/provider_config");
        assertThat(report.path("fix").asText()).contains("auth_failure_statuses");
        assertThat(evidence(report)).anyMatch(fact -> fact.contains("answered 403")
                && fact.contains("auth_failure_statuses is [401]"));
    }

    @Test
    void diagnose_neverCallsAnOkFalseBodyWorking_whenNoErrorExpressionReadsIt() {
        provider("fake-slack-raw", "/me", UnaryOperator.identity());
        IssuedGrant grant = connection("fake-slack-raw", "who-slack-raw");
        service.provider.grantQuirks(grant.grantId()).invalidTokenAnswer(InvalidTokenAnswer.SLACK);
        service.provider.expireAccessTokens(grant.grantId());

        JsonNode report = diagnose(service, "who-slack-raw", grant);

        assertThat(report.path("healthy").asBoolean()).isFalse();
        assertThat(verdict(report)).isEqualTo("api_error_in_body/operator/provider_config");
        assertThat(report.path("fix").asText()).contains("error_expression");
        assertThat(checks(report)).endsWith("whoami:fail");
        assertThat(evidence(report)).anyMatch(fact -> fact.contains("invalid_auth"));
    }

    @Test
    void diagnose_refreshesOnceAndCallsAgain_whenTheErrorExpressionSaysTheTokenIsRefused() {
        provider("fake-slack", "/me", config -> config.errorExpression(ErrorExpression.compile(
                "body.ok = false and body.error = \"invalid_auth\""
                        + " ? {\"class\": \"needs_reauth\", \"code\": body.error} : null")));
        IssuedGrant grant = connection("fake-slack", "who-slack");
        service.provider.grantQuirks(grant.grantId()).invalidTokenAnswer(InvalidTokenAnswer.SLACK);
        service.provider.expireAccessTokens(grant.grantId());
        long refreshes = service.provider.refreshCount(grant.grantId());

        JsonNode report = diagnose(service, "who-slack", grant);

        assertThat(report.path("healthy").asBoolean()).isTrue();
        assertThat(verdict(report)).isEqualTo("access_token_expired/none/none");
        assertThat(checks(report)).endsWith("whoami:fail", "refresh:pass", "whoami_after_refresh:pass");
        assertThat(evidence(report)).anyMatch(fact -> fact.contains("the error_expression classed it needs_reauth"));
        assertThat(service.provider.refreshCount(grant.grantId()) - refreshes).isEqualTo(1);
    }

    @Test
    void diagnose_saysTheTokenHadDiedAtTheApi_whenTheRefreshedTokenIsAccepted() {
        provider("fake-early", "/me", UnaryOperator.identity());
        IssuedGrant grant = connection("fake-early", "who-early");
        service.provider.expireAccessTokens(grant.grantId());

        JsonNode report = diagnose(service, "who-early", grant);

        assertThat(report.path("healthy").asBoolean()).isTrue();
        assertThat(verdict(report)).isEqualTo("access_token_expired/none/none");
        assertThat(evidence(report)).anyMatch(fact -> fact.contains("accepted the refreshed one"));
    }

    @Test
    void diagnose_namesTheApiBaseUrl_whenAnotherProvidersApiRefusesEvenTheJustRefreshedToken() {
        provider("fake-elsewhere", "/me", config -> config.apiBaseUrl(elsewhere.apiBaseUrl()));
        IssuedGrant grant = connection("fake-elsewhere", "who-elsewhere");
        long refreshes = service.provider.refreshCount(grant.grantId());
        long calls = elsewhere.resourceRequestCount();

        JsonNode report = diagnose(service, "who-elsewhere", grant);
        JsonNode again = diagnose(service, "who-elsewhere", grant);

        assertThat(verdict(report)).isEqualTo("api_base_url_wrong/operator/provider_config");
        assertThat(report.path("fix").asText()).contains("api_base_url");
        assertThat(checks(report)).endsWith("whoami:fail", "refresh:pass", "whoami_after_refresh:fail");
        assertThat(evidence(report)).anyMatch(fact -> fact.contains("was refused at once by "
                + elsewhere.apiBaseUrl()));
        assertThat(verdict(again)).isEqualTo("api_base_url_wrong/operator/provider_config");
        assertThat(checks(again)).endsWith("whoami:fail", "refresh:skip");
        assertThat(service.provider.refreshCount(grant.grantId()) - refreshes).isEqualTo(1);
        assertThat(elsewhere.resourceRequestCount() - calls).isEqualTo(3);
    }

    @Test
    void diagnose_readsOnlyTheFirst64KiBOfTheAnswer_whenTheApiSendsAnEndlessBody() {
        provider("fake-stream", "/stream?bytes=1000000", UnaryOperator.identity());
        IssuedGrant grant = connection("fake-stream", "who-stream");
        service.provider.pauseStreamsAfter(100_000);
        try {
            JsonNode report = diagnose(service, "who-stream", grant);

            assertThat(report.path("healthy").asBoolean()).isTrue();
            assertThat(checks(report)).endsWith("whoami:pass");
        } finally {
            service.provider.resumeStreams();
        }
    }

    @Test
    void diagnose_namesTheProvidersApi_whenWhoamiAnswers503() {
        provider("fake-api-down", "/respond?status=503", UnaryOperator.identity());
        IssuedGrant grant = connection("fake-api-down", "who-api-down");

        JsonNode report = diagnose(service, "who-api-down", grant);

        assertThat(verdict(report)).isEqualTo("provider_api_failing/provider/provider_api");
        assertThat(report.path("healthy").asBoolean()).isFalse();
    }
}
