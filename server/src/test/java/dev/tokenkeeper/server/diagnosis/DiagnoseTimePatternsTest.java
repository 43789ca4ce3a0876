package dev.tokenkeeper.server.diagnosis;

import static dev.tokenkeeper.server.diagnosis.DiagnosisReports.checks;
import static dev.tokenkeeper.server.diagnosis.DiagnosisReports.diagnose;
import static dev.tokenkeeper.server.diagnosis.DiagnosisReports.evidence;
import static dev.tokenkeeper.server.diagnosis.DiagnosisReports.importAs;
import static dev.tokenkeeper.server.diagnosis.DiagnosisReports.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenkeeper.core.provider.WhoamiCheck;
import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.TestService;
import dev.tokenkeeper.testkit.clock.SettableClock;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Causes a diagnosis reads from time: a grant that dies about 7 days after issue or within a day of a reconnect, and
 * retryable failures before and after the escalation period. Tokenkeeper runs on a settable clock; each test moves it
 * forward from its own connection's import (the fake provider keeps the real time).
 */
class DiagnoseTimePatternsTest {
    private static final SettableClock clock = new SettableClock();
    private static TestService service;

    @BeforeAll
    static void start() {
        service = TestService.start(false, config -> config.whoami(new WhoamiCheck("GET", "/me")), clock);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static IssuedGrant connection(String id, long expiresIn) {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        importAs(service, TestService.PROVIDER, id, grant, expiresIn);
        return grant;
    }

    @Test
    void diagnose_namesTestingMode_whenTheGrantDiesSevenDaysAfterItWasIssued() {
        IssuedGrant grant = connection("time-7d", 3600);
        clock.advance(Duration.ofDays(7));
        service.provider.revokeGrant(grant.grantId());

        JsonNode report = diagnose(service, "time-7d", grant);

        assertThat(verdict(report)).isEqualTo("testing_mode_expiry/operator/provider_config");
        assertThat(report.path("fix").asText()).contains("Publish the OAuth app");
        assertThat(evidence(report)).anyMatch(fact -> fact.startsWith("connection: the grant was obtained at ")
                && fact.contains("7 d 0 h later"));
        assertThat(evidence(report)).contains("last_error: the provider's error: invalid_grant");
    }

    @Test
    void diagnose_keepsThePlainGrantCause_whenTheGrantDiesThreeDaysAfterItWasIssued() {
        IssuedGrant grant = connection("time-3d", 3600);
        clock.advance(Duration.ofDays(3));
        service.provider.revokeGrant(grant.grantId());

        JsonNode report = diagnose(service, "time-3d", grant);

        assertThat(report.path("cause").asText()).isIn(DiagnosisReports.REVOKED_GRANT_CAUSES);
        assertThat(report.path("actor").asText()).isEqualTo("end_user");
    }

    @Test
    void diagnose_namesTheReconnectNotKept_whenTheGrantDiesWithinADayOfAReconnect() throws Exception {
        IssuedGrant first = connection("time-reconnect", 3600);
        service.provider.revokeGrant(first.grantId());
        service.api.post("/v1/connections/time-reconnect/refresh", null);
        clock.advance(Duration.ofHours(1));
        reconnect("time-reconnect");
        String grantId = grantOf(service.api.post("/v1/connections/time-reconnect/token", null).json()
                .path("access_token").asText());
        clock.advance(Duration.ofHours(2));
        service.provider.revokeGrant(grantId);

        JsonNode report = diagnose(service, "time-reconnect", first);

        assertThat(verdict(report)).isEqualTo("reconnect_not_kept/operator/provider_config");
        assertThat(evidence(report))
                .anyMatch(fact -> fact.contains("(a reconnect)") && fact.contains("2 h 0 min later"));
    }

    @Test
    void diagnose_namesTheRetryableCauseThenRefreshFailing_whenRetryableFailuresLastPastTheEscalationPeriod() {
        IssuedGrant grant = connection("time-outage", 60);
        service.provider.grantQuirks(grant.grantId()).serverErrorNextTokenRequests(100, 503, false);
        clock.advance(Duration.ofMinutes(2));

        JsonNode early = diagnose(service, "time-outage", grant);
        clock.advance(Duration.ofDays(3).plusHours(1));
        JsonNode late = diagnose(service, "time-outage", grant);
        JsonNode shown = service.api.get("/v1/connections/time-outage").json();

        assertThat(verdict(early)).isEqualTo("provider_outage/provider/token_endpoint");
        assertThat(checks(early)).endsWith("token:fail");
        assertThat(evidence(early)).anyMatch(fact -> fact.contains("named refresh_failing from "));
        assertThat(verdict(late)).isEqualTo("refresh_failing/provider/token_endpoint");
        assertThat(late.path("since").asText()).isEqualTo(early.path("since").asText());
        assertThat(evidence(late)).anyMatch(fact -> fact.contains("past the escalation period of 3 d 0 h")
                && fact.contains("provider_outage"));
        assertThat(shown.path("cause").asText()).isEqualTo("refresh_failing");
        assertThat(shown.path("condition").path("code").asText()).isEqualTo("refresh_failing");
        assertThat(shown.path("condition").path("since").asText()).isEqualTo(early.path("since").asText());
        assertThat(shown.path("last_error").path("cause").asText()).isEqualTo("provider_outage");
    }

    @Test
    void diagnose_namesTheRateLimitAndWhenTheNextTryIs_whenTheProviderThrottles() {
        IssuedGrant grant = connection("time-throttled", 60);
        service.provider.grantQuirks(grant.grantId()).throttleNextTokenRequests(5, Duration.ofMinutes(10));
        clock.advance(Duration.ofMinutes(2));

        JsonNode report = diagnose(service, "time-throttled", grant);
        String nextRefreshAt = service.api.get("/v1/connections/time-throttled").json().path("next_refresh_at")
                .asText();

        assertThat(verdict(report)).isEqualTo("rate_limited/provider/token_endpoint");
        assertThat(evidence(report)).contains("connection: the next refresh is due at " + nextRefreshAt
                + " (the provider's Retry-After)");
    }

    @Test
    void diagnose_namesTheUnreachableHost_whenTheTokenEndpointRefusesConnections() throws IOException {
        URI closed = URI.create("http://localhost:" + TestService.freePort() + "/oauth/token");
        service.tokenkeeper.parts().providers().save(TestService.providerConfig("fake-down", service.provider)
                .tokenUrl(closed).build());
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        importAs(service, "fake-down", "time-unreachable", grant, 60);
        clock.advance(Duration.ofMinutes(2));

        JsonNode report = diagnose(service, "time-unreachable", grant);

        assertThat(verdict(report)).isEqualTo("provider_unreachable/provider/token_endpoint");
        assertThat(evidence(report)).anyMatch(fact -> fact.startsWith("timeline: the host that failed: localhost"));
    }

    /** Reconnects the connection through a connect session, as a user's browser would. */
    private static void reconnect(String connectionId) {
        Answer session = service.api.post("/v1/connect-sessions", ApiClient.object()
                .put("provider", TestService.PROVIDER).put("connection_id", connectionId));
        assertThat(session.status()).as(session.text()).isEqualTo(201);
        Answer authorize = service.api.send(HttpRequest.newBuilder(
                URI.create(session.json().path("authorize_url").asText())).GET());
        assertThat(authorize.status()).as(authorize.text()).isEqualTo(302);
        URI callback = URI.create(authorize.header("Location"));
        Answer done = service.api.send(HttpRequest.newBuilder(callback).GET());
        assertThat(done.status()).as(done.text()).isEqualTo(200);
    }

    /** The fake provider's grant id of an access token. */
    private static String grantOf(String accessToken) {
        Answer me = service.api.send(HttpRequest.newBuilder(service.provider.apiBaseUrl().resolve("/me"))
                .header("Authorization", "Bearer " + accessToken).GET());
        assertThat(me.status()).isEqualTo(200);
        return me.json().path("grant_id").asText();
    }
}
