package dev.tokenkeeper.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class LifecycleTest {

    @Test
    void start_listensOnLoopbackWithEndpointsOnOnePort() {
        try (FakeProvider provider = FakeProvider.start()) {
            assertThat(provider.port()).isPositive();
            assertThat(provider.tokenUrl()).hasHost("127.0.0.1").hasPort(provider.port()).hasPath("/oauth/token");
            assertThat(provider.authorizationUrl()).hasPath("/oauth/authorize");
            assertThat(provider.revocationUrl()).hasPath("/oauth/revoke");
            assertThat(provider.apiBaseUrl().resolve("/me")).hasPort(provider.port());
        }
    }

    @Test
    void close_dropsRequestsThatHangUntilClose() {
        FakeProvider provider = FakeProvider.start();
        IssuedGrant grant = provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        provider.quirks().hangNextTokenRequestsUntilClose(2);
        HttpRequest request = new OAuthClient(provider)
                .tokenRequest(Map.of("grant_type", "refresh_token", "refresh_token", grant.refreshToken())).build();
        CompletableFuture<HttpResponse<String>> first = sendAsync(request);
        CompletableFuture<HttpResponse<String>> second = sendAsync(request);
        await().until(() -> provider.hangingTokenRequests() == 2);

        provider.close();

        await().until(() -> first.isDone() && second.isDone());
        assertThat(first).isCompletedExceptionally();
        assertThat(second).isCompletedExceptionally();
        assertThat(provider.hangingTokenRequests()).isZero();
    }

    @Test
    void close_isIdempotent() {
        FakeProvider provider = FakeProvider.start();

        provider.close();
        provider.close();

        assertThat(provider.hangingTokenRequests()).isZero();
    }

    private static CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest request) {
        return OAuthClient.HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }
}
