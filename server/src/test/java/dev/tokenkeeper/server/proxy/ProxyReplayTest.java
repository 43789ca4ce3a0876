package dev.tokenkeeper.server.proxy;

import static dev.tokenkeeper.server.proxy.ProxyApiTest.connect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.core.provider.ProviderCatalog;
import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.ServiceBackedTest;
import dev.tokenkeeper.server.TestService;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.InvalidTokenAnswer;
import dev.tokenkeeper.fake.IssuedGrant;
import dev.tokenkeeper.fake.RefreshTokenPolicy;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the proxy does when the provider does not accept the token: one refresh, one replay, and no more. */
class ProxyReplayTest extends ServiceBackedTest {

    @BeforeAll
    static void start() {
        ObjectNode slackFields = ApiClient.object().put("client_id", FakeProvider.DEFAULT_CLIENT_ID);
        service.tokenkeeper.parts().providers().save(TestService.providerConfig("fake-slack", service.provider)
                .errorExpression(ProviderCatalog.builtIn().configure("slack", slackFields).errorExpression())
                .build());
        service.tokenkeeper.parts().providers().save(TestService.providerConfig("fake-403", service.provider)
                .authFailureStatuses(Set.of(401, 403)).build());
    }

    @Test
    void proxy_refreshesOnceAndReplays_whenTheProviderAnswers401() {
        IssuedGrant grant = connect(service, "expired-1");
        service.provider.expireAccessTokens(grant.grantId());
        long requestsBefore = service.provider.resourceRequestCount();

        Answer answer = service.api.get("/v1/proxy/expired-1/me");

        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(answer.json().path("grant_id").asText()).isEqualTo(grant.grantId());
        assertThat(answer.header(ProxyApi.REPLAY_HEADER)).isEqualTo(ProxyApi.REPLAYED);
        assertThat(answer.header("Tokenkeeper-Remote-Error")).isNull();
        assertThat(service.provider.refreshCount(grant.grantId())).isEqualTo(1);
        assertThat(service.provider.resourceRequestCount() - requestsBefore).isEqualTo(2);
        assertThat(service.api.post("/v1/connections/expired-1/token", null).json().path("access_token").asText())
                .isEqualTo(service.provider.currentAccessToken(grant.grantId()).orElseThrow());
    }

    @Test
    void proxy_refreshesExactlyOnce_when100ConcurrentRequestsHit401OnOneConnection() throws Exception {
        IssuedGrant grant = connect(service, "crowd-1");
        service.provider.grantQuirks(grant.grantId()).refreshTokens(RefreshTokenPolicy.ROTATE).reuseDetection(true)
                .tokenLatency(Duration.ofMillis(300));
        service.provider.expireAccessTokens(grant.grantId());

        List<Answer> answers = new ArrayList<>();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Answer>> running = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                running.add(callers.submit(() -> service.api.get("/v1/proxy/crowd-1/me")));
            }
            for (Future<Answer> answer : running) {
                answers.add(answer.get());
            }
        }

        assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).as(answer.text()).isEqualTo(200));
        assertThat(service.provider.refreshCount(grant.grantId())).isEqualTo(1);
        assertThat(service.provider.anyGrantRevoked()).isFalse();
        assertThat(answers).filteredOn(answer -> ProxyApi.REPLAYED.equals(answer.header(ProxyApi.REPLAY_HEADER)))
                .isNotEmpty();
    }

    @Test
    void proxy_refreshesAndReplays_whenASlackStyle200SaysInvalidAuth() {
        IssuedGrant grant = connect(service, "slack-1", "fake-slack");
        service.provider.grantQuirks(grant.grantId()).invalidTokenAnswer(InvalidTokenAnswer.SLACK);
        service.provider.expireAccessTokens(grant.grantId());

        Answer answer = service.api.get("/v1/proxy/slack-1/me");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("grant_id").asText()).as(answer.text()).isEqualTo(grant.grantId());
        assertThat(answer.header(ProxyApi.REPLAY_HEADER)).isEqualTo(ProxyApi.REPLAYED);
        assertThat(service.provider.refreshCount(grant.grantId())).isEqualTo(1);
    }

    @Test
    void proxy_passesASlackStyleErrorOn_withoutRefreshing_whenItIsNoAuthFailure() {
        IssuedGrant grant = connect(service, "slack-2", "fake-slack");

        Answer answer = service.api.get("/v1/proxy/slack-2/respond?body=%7B%22ok%22:false,"
                + "%22error%22:%22channel_not_found%22%7D");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("error").asText()).isEqualTo("channel_not_found");
        assertThat(answer.header(ProxyApi.REPLAY_HEADER)).isNull();
        assertThat(service.provider.refreshCount(grant.grantId())).isZero();
    }

    @Test
    void proxy_treats403AsAnAuthFailure_onlyWhenTheProviderListsIt() {
        IssuedGrant listed = connect(service, "forbidden-1", "fake-403");
        IssuedGrant unlisted = connect(service, "forbidden-2");
        for (IssuedGrant grant : List.of(listed, unlisted)) {
            service.provider.grantQuirks(grant.grantId()).invalidTokenAnswer(InvalidTokenAnswer.FORBIDDEN);
            service.provider.expireAccessTokens(grant.grantId());
        }

        Answer replayed = service.api.get("/v1/proxy/forbidden-1/me");
        Answer passedOn = service.api.get("/v1/proxy/forbidden-2/me");

        assertThat(replayed.status()).isEqualTo(200);
        assertThat(service.provider.refreshCount(listed.grantId())).isEqualTo(1);
        assertThat(passedOn.status()).isEqualTo(403);
        assertThat(passedOn.header("Tokenkeeper-Remote-Error")).isEqualTo("true");
        assertThat(passedOn.header(ProxyApi.REPLAY_HEADER)).isNull();
        assertThat(service.provider.refreshCount(unlisted.grantId())).isZero();
    }

    @Test
    void proxy_passesTheProviders401On_andKeepsTheConnectionActive_whenTheReplayFailsToo() {
        IssuedGrant grant = connect(service, "still-401");
        long requestsBefore = service.provider.resourceRequestCount();

        Answer answer = service.api.get("/v1/proxy/still-401/respond?status=401&body=still%20no");

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.text()).isEqualTo("still no");
        assertThat(answer.header("Tokenkeeper-Remote-Error")).isEqualTo("true");
        assertThat(answer.header(ProxyApi.REPLAY_HEADER)).isEqualTo(ProxyApi.REPLAYED);
        assertThat(service.provider.refreshCount(grant.grantId())).isEqualTo(1);
        assertThat(service.provider.resourceRequestCount() - requestsBefore).isEqualTo(2);
        assertThat(service.api.get("/v1/connections/still-401").json().path("state").asText()).isEqualTo("active");
    }

    @Test
    void proxy_passesThe401On_andTheConnectionNeedsReauth_whenTheRefreshSaysInvalidGrant() {
        IssuedGrant grant = connect(service, "revoked-1");
        service.provider.revokeGrant(grant.grantId());

        Answer answer = service.api.get("/v1/proxy/revoked-1/me");
        long requestsAfter = service.provider.resourceRequestCount();
        Answer next = service.api.get("/v1/proxy/revoked-1/me");

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.header("Tokenkeeper-Remote-Error")).isEqualTo("true");
        assertThat(answer.header(ProxyApi.REPLAY_HEADER)).isEqualTo(ProxyApi.SKIPPED_NO_NEW_TOKEN);
        assertThat(answer.header(ProxyApi.CONNECTION_STATE_HEADER)).isEqualTo("needs_reauth");
        assertThat(service.api.get("/v1/connections/revoked-1").json().path("state").asText())
                .isEqualTo("needs_reauth");
        ProxyApiTest.assertProblem(next, 409, "needs_reauth");
        assertThat(service.provider.resourceRequestCount()).isEqualTo(requestsAfter);
    }

    @Test
    void proxy_replaysTheBody_whenItIsWithinTheReplayLimit() {
        IssuedGrant grant = connect(service, "body-1");
        service.provider.expireAccessTokens(grant.grantId());
        String body = "b".repeat(ProxySettings.MAX_REPLAYABLE_BODY_BYTES);

        Answer answer = service.api.send(service.api.request("/v1/proxy/body-1/echo/upload")
                .POST(HttpRequest.BodyPublishers.ofString(body)));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header(ProxyApi.REPLAY_HEADER)).isEqualTo(ProxyApi.REPLAYED);
        assertThat(answer.json().path("body").asText()).isEqualTo(body);
    }

    @Test
    void proxy_refreshesButDoesNotReplay_whenTheBodyIsOverTheReplayLimit() {
        IssuedGrant grant = connect(service, "body-2");
        service.provider.expireAccessTokens(grant.grantId());
        byte[] body = new byte[ProxySettings.MAX_REPLAYABLE_BODY_BYTES + 1];
        Arrays.fill(body, (byte) 'b');
        long requestsBefore = service.provider.resourceRequestCount();

        Answer answer = service.api.raw("POST", "/v1/proxy/body-2/echo/upload", "text/plain", body);

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.header("Tokenkeeper-Remote-Error")).isEqualTo("true");
        assertThat(answer.header(ProxyApi.REPLAY_HEADER)).isEqualTo(ProxyApi.SKIPPED_BODY_TOO_LARGE);
        assertThat(service.provider.resourceRequestCount() - requestsBefore).isEqualTo(1);
        assertThat(service.provider.refreshCount(grant.grantId())).isEqualTo(1);
        Answer retried = service.api.raw("POST", "/v1/proxy/body-2/echo/upload", "text/plain", body);
        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.json().path("body").asText()).hasSize(body.length);
    }
}
