package dev.tokenkeeper.server;

import static dev.tokenkeeper.server.connection.ConnectionsApiTest.importBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two replicas of the service on one database: callers of both at once still cause exactly one refresh per grant,
 * for token requests and for proxied calls that meet a rejected token; a refresh or a delete on one is answered by
 * the other's token requests (its connection cache is told by the database).
 */
class MultiInstanceTest extends ServiceBackedTest {
    private static final int CALLERS_PER_INSTANCE = 50;
    private static Tokenkeeper second;
    private static ApiClient secondApi;

    @BeforeAll
    static void startSecondInstance() {
        second = service.anotherInstance();
        secondApi = new ApiClient(second.baseUrl(), service.apiKey);
    }

    @AfterAll
    static void stopSecondInstance() {
        second.close();
    }

    @Test
    void tokenRequests_onBothInstancesAtOnce_causeOneRefresh_andAllGetTheSameNewToken() throws Exception {
        service.provider.quirks().tokenLatency(Duration.ofMillis(300));
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        service.api.post("/v1/connections", importBody("replicas-1", grant, 2));
        Instant expiresAt = Instant.parse(service.api.get("/v1/connections/replicas-1").json().path("expires_at")
                .asText());
        // A 2-second token is handed out until half a second before it expires.
        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(expiresAt.minusMillis(400)));

        List<Answer> answers = fromBoth(api -> api.post("/v1/connections/replicas-1/token", null));

        assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).isEqualTo(200));
        assertThat(answers).extracting(answer -> answer.json().path("access_token").asText()).containsOnly(
                service.provider.currentAccessToken(grant.grantId()).orElseThrow());
        assertThat(service.provider.refreshCount(grant.grantId())).isEqualTo(1);
    }

    @Test
    void proxiedCalls_meetingARejectedTokenOnBothInstances_causeOneRefresh_andAllSucceed() throws Exception {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        service.api.post("/v1/connections", importBody("replicas-2", grant, 3600));
        service.provider.expireAccessTokens(grant.grantId());

        List<Answer> answers = fromBoth(api -> api.get("/v1/proxy/replicas-2/me"));

        assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).as(answer.text()).isEqualTo(200));
        assertThat(service.provider.refreshCount(grant.grantId())).isEqualTo(1);
    }

    @Test
    void tokenRequests_onTheOtherInstance_answerTheNewToken_whenOneInstanceRefreshedOrDeletedTheConnection() {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        service.api.post("/v1/connections", importBody("replicas-3", grant, 3600));
        String before = secondApi.post("/v1/connections/replicas-3/token", null).json().path("access_token").asText();
        assertThat(secondApi.post("/v1/connections/replicas-3/token", null).json().path("access_token").asText())
                .as("held by the second instance's cache").isEqualTo(before);

        assertThat(service.api.post("/v1/connections/replicas-3/refresh", null).status()).isEqualTo(200);
        String refreshed = service.provider.currentAccessToken(grant.grantId()).orElseThrow();
        assertThat(refreshed).isNotEqualTo(before);

        // well inside the cache's 30 s entry limit: the database's notice, not the limit, makes the change show
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(secondApi
                .post("/v1/connections/replicas-3/token", null).json().path("access_token").asText())
                .isEqualTo(refreshed));

        service.api.delete("/v1/connections/replicas-3");

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(secondApi.post("/v1/connections/replicas-3/token", null).status()).isEqualTo(404));
    }

    /** {@value #CALLERS_PER_INSTANCE} callers on each instance, released together. */
    private static List<Answer> fromBoth(Function<ApiClient, Answer> call) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Answer>> futures = new ArrayList<>();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < CALLERS_PER_INSTANCE; i++) {
                for (ApiClient api : List.of(service.api, secondApi)) {
                    futures.add(callers.submit(() -> {
                        start.await();
                        return call.apply(api);
                    }));
                }
            }
            start.countDown();
            List<Answer> answers = new ArrayList<>();
            for (Future<Answer> future : futures) {
                answers.add(future.get());
            }
            return answers;
        }
    }
}
