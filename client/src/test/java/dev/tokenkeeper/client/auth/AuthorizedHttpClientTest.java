package dev.tokenkeeper.client.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkeeper.client.CountingHttpClient;
import dev.tokenkeeper.client.LiveServiceTest;
import dev.tokenkeeper.client.TokenkeeperClient;
import dev.tokenkeeper.client.problem.NeedsReauthException;
import dev.tokenkeeper.fake.IssuedGrant;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The authenticator against the fake provider's API, whose {@code /me} answers 401 once the access token expired:
 * one refresh of the token that was refused, however many requests it failed, and every request replayed once.
 */
class AuthorizedHttpClientTest extends LiveServiceTest {
    private static final int CALLERS = 50;

    private final HttpClient upstream = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void fiftyRequests_shareOneRefresh_andAllSucceedWithTheNewToken_whenTheCachedTokenExpiredAtTheProvider()
            throws Exception {
        IssuedGrant grant = imported("auth-fifty");
        CountingHttpClient toTokenkeeper = new CountingHttpClient();
        AuthorizedHttpClient api = authorized("auth-fifty", toTokenkeeper);
        assertThat(api.send(me(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        service.provider.expireAccessTokens(grant.grantId());
        long providerRefreshes = service.provider.refreshCount(grant.grantId());

        List<HttpResponse<String>> answers = sendTogether(api, CALLERS);

        assertThat(answers).extracting(HttpResponse::statusCode).containsOnly(200).hasSize(CALLERS);
        assertThat(answers).allSatisfy(answer -> assertThat(answer.body()).contains(grant.grantId()));
        assertThat(toTokenkeeper.count("POST", "/v1/connections/auth-fifty/refresh")).isEqualTo(1);
        assertThat(toTokenkeeper.count("POST", "/v1/connections/auth-fifty/token")).isEqualTo(1);
        assertThat(service.provider.refreshCount(grant.grantId())).isEqualTo(providerRefreshes + 1);
        assertThat(client.connections().token("auth-fifty").accessToken().reveal())
                .isEqualTo(service.provider.currentAccessToken(grant.grantId()).orElseThrow())
                .isNotEqualTo(grant.accessToken());
    }

    @Test
    void send_replaysTheBody_afterTheRefresh() throws Exception {
        IssuedGrant grant = imported("auth-body");
        AuthorizedHttpClient api = authorized("auth-body", new CountingHttpClient());
        api.send(me(), HttpResponse.BodyHandlers.discarding());
        service.provider.expireAccessTokens(grant.grantId());

        HttpResponse<String> echoed = api.send(HttpRequest.newBuilder(URI.create(service.provider.apiBaseUrl()
                + "/echo/items")).POST(HttpRequest.BodyPublishers.ofString("{\"n\":1}"))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(echoed.statusCode()).isEqualTo(200);
        assertThat(echoed.body()).contains("\"body\":\"{\\\"n\\\":1}\"").contains("\"method\":\"POST\"");
        assertThat(service.provider.refreshCount(grant.grantId())).isEqualTo(1);
    }

    @Test
    void send_throwsNeedsReauth_whenTheGrantWasRevoked() throws Exception {
        IssuedGrant grant = imported("auth-revoked");
        CountingHttpClient toTokenkeeper = new CountingHttpClient();
        AuthorizedHttpClient api = authorized("auth-revoked", toTokenkeeper);
        api.send(me(), HttpResponse.BodyHandlers.discarding());
        service.provider.revokeGrant(grant.grantId());

        assertThatThrownBy(() -> api.send(me(), HttpResponse.BodyHandlers.discarding()))
                .isInstanceOf(NeedsReauthException.class);
        assertThat(toTokenkeeper.count("POST", "/refresh")).isEqualTo(1);
    }

    @Test
    void send_usesTheCachedToken_withoutAskingTokenkeeperAgain_whileItIsFresh() throws Exception {
        imported("auth-cached");
        CountingHttpClient toTokenkeeper = new CountingHttpClient();
        AuthorizedHttpClient api = authorized("auth-cached", toTokenkeeper);

        for (int i = 0; i < 3; i++) {
            assertThat(api.send(me(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
        }

        assertThat(toTokenkeeper.count("POST", "/token")).isEqualTo(1);
        assertThat(toTokenkeeper.count("POST", "/refresh")).isZero();
    }

    private AuthorizedHttpClient authorized(String connectionId, CountingHttpClient toTokenkeeper) {
        TokenkeeperClient counted = builderOf(service).httpClient(toTokenkeeper).build();
        return new AuthorizedHttpClient(counted, connectionId, upstream);
    }

    private static HttpRequest me() {
        return HttpRequest.newBuilder(URI.create(service.provider.apiBaseUrl() + "/me")).GET().build();
    }

    private static List<HttpResponse<String>> sendTogether(AuthorizedHttpClient api, int callers) throws Exception {
        CountDownLatch ready = new CountDownLatch(callers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> futures = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < callers; i++) {
                futures.add(threads.submit(() -> {
                    ready.countDown();
                    start.await();
                    return api.send(me(), HttpResponse.BodyHandlers.ofString());
                }));
            }
            assertThat(ready.await(1, TimeUnit.MINUTES)).isTrue();
            start.countDown();
            List<HttpResponse<String>> answers = new ArrayList<>();
            for (Future<HttpResponse<String>> future : futures) {
                answers.add(future.get(1, TimeUnit.MINUTES));
            }
            return answers;
        }
    }
}
