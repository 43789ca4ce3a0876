package dev.tokenkeeper.server.connection;

import static dev.tokenkeeper.server.ProblemAssertions.assertProblem;
import static dev.tokenkeeper.server.connection.ConnectionsApiTest.importBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.ApiClient.Exchange;
import dev.tokenkeeper.server.OpenApiContract;
import dev.tokenkeeper.server.TestService;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/connections/{id}/refresh} says when the refresh failed, even while the old token is still valid. */
class ForcedRefreshApiTest {
    private static final OpenApiContract CONTRACT = OpenApiContract.shipped();
    private static final List<Exchange> SEEN = new ArrayList<>();
    private static TestService service;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        service = TestService.start();
        api = service.api.observedBy(SEEN::add);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void refresh_answers503RefreshFailed_whenTheProviderFails_whileTheOldTokenIsStillValid() {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        api.post("/v1/connections", importBody("forced-503", grant, 3600));
        service.provider.grantQuirks(grant.grantId()).failNextTokenRequests(1, 503,
                Map.of("Content-Type", "application/json", "Retry-After", "120"),
                "{\"error\":\"temporarily_unavailable\",\"error_description\":\"maintenance\"}");

        Answer refresh = api.post("/v1/connections/forced-503/refresh", null);

        CONTRACT.assertConforms(SEEN.getLast());
        assertProblem(refresh, 503, "refresh_failed");
        assertThat(Long.parseLong(refresh.header("Retry-After"))).isBetween(119L, 121L);
        JsonNode body = refresh.json();
        assertThat(body.path("connection_id").asText()).isEqualTo("forced-503");
        assertThat(body.path("reason").path("code").asText()).isEqualTo("server_error");
        assertThat(body.path("last_error").path("class").asText()).isEqualTo("retryable");
        assertThat(body.path("last_error").path("provider_status").asInt()).isEqualTo(503);
        assertThat(body.path("last_error").path("provider_description").asText()).isEqualTo("maintenance");
        assertThat(Instant.parse(body.path("retry_at").asText())).isAfter(Instant.now().plusSeconds(100));
        assertThat(refresh.text()).doesNotContain(grant.accessToken()).doesNotContain(grant.refreshToken());
        Answer token = api.post("/v1/connections/forced-503/token", null);
        assertThat(token.status()).as("the still-valid token is served by /token").isEqualTo(200);
        assertThat(token.json().path("access_token").asText()).isEqualTo(grant.accessToken());
    }

    @Test
    void refresh_answers503RefreshFailed_withoutCallingAgain_whileTheRateLimitLasts() {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        api.post("/v1/connections", importBody("forced-429", grant, 3600));
        service.provider.grantQuirks(grant.grantId()).throttleNextTokenRequests(1, Duration.ofSeconds(300));

        Answer first = api.post("/v1/connections/forced-429/refresh", null);
        long calls = service.provider.refreshCount(grant.grantId());
        Answer second = api.post("/v1/connections/forced-429/refresh", null);

        CONTRACT.assertConforms(SEEN.getLast());
        assertProblem(first, 503, "refresh_failed");
        assertProblem(second, 503, "refresh_failed");
        assertThat(second.json().path("reason").path("code").asText()).isEqualTo("rate_limited");
        assertThat(Long.parseLong(second.header("Retry-After"))).isGreaterThan(250);
        assertThat(service.provider.refreshCount(grant.grantId())).isEqualTo(calls).isEqualTo(1);
    }

    @Test
    void refresh_answers200WithTheNewToken_whenTheRefreshSucceeds_afterAFailure() {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        api.post("/v1/connections", importBody("forced-recovers", grant, 3600));
        service.provider.grantQuirks(grant.grantId()).serverErrorNextTokenRequests(1, 500, true);
        assertProblem(api.post("/v1/connections/forced-recovers/refresh", null), 503, "refresh_failed");

        Answer refresh = api.post("/v1/connections/forced-recovers/refresh", null);

        CONTRACT.assertConforms(SEEN.getLast());
        assertThat(refresh.status()).as(refresh.text()).isEqualTo(200);
        assertThat(refresh.json().path("access_token").asText())
                .isEqualTo(service.provider.currentAccessToken(grant.grantId()).orElseThrow());
    }

    @Test
    void refresh_marksNeedsReauth_andRecordsTheAttempt_whenTheRevokingAnswerHoldsNulCharacters() {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        api.post("/v1/connections", importBody("forced-nul-400", grant, 3600));
        service.provider.grantQuirks(grant.grantId()).failNextTokenRequests(1, 400,
                Map.of("Content-Type", "application/json"),
                "{\"error\":\"invalid_grant\",\"error_description\":\"revoked\\u0000 \\ud800\"}");

        Answer refresh = api.post("/v1/connections/forced-nul-400/refresh", null);

        CONTRACT.assertConforms(SEEN.getLast());
        assertProblem(refresh, 409, "needs_reauth");
        assertThat(refresh.json().path("last_error").path("provider_description").asText())
                .isEqualTo("revoked\uFFFD \uFFFD");
        JsonNode events = api.get("/v1/connections/forced-nul-400/events").json().path("events");
        assertThat(events.toString()).contains("unstorable_text_replaced");
    }

    @Test
    void refresh_answers503RefreshFailed_notAnInternalError_whenA503BodyHoldsNulCharacters() {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        api.post("/v1/connections", importBody("forced-nul-503", grant, 3600));
        service.provider.grantQuirks(grant.grantId()).failNextTokenRequests(1, 503,
                Map.of("Content-Type", "text/html", "Retry-After", "0"), "<h1>down\u0000\u0000</h1>");

        Answer refresh = api.post("/v1/connections/forced-nul-503/refresh", null);

        CONTRACT.assertConforms(SEEN.getLast());
        assertProblem(refresh, 503, "refresh_failed");
        assertThat(refresh.json().path("reason").path("code").asText()).isEqualTo("server_error");
        assertThat(Long.parseLong(refresh.header("Retry-After"))).isPositive();
        assertThat(service.provider.refreshCount(grant.grantId())).isEqualTo(1);
    }

    @Test
    void refresh_answers409_whenTheGrantIsRevoked_asBefore() {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        api.post("/v1/connections", importBody("forced-revoked", grant, 3600));
        service.provider.revokeGrant(grant.grantId());

        Answer refresh = api.post("/v1/connections/forced-revoked/refresh", null);

        CONTRACT.assertConforms(SEEN.getLast());
        assertProblem(refresh, 409, "needs_reauth");
    }
}
