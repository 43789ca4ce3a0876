package dev.tokenkeeper.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenkeeper.fake.OAuthClient.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ScriptedResourceTest {
    private final FakeProvider provider = FakeProvider.start();
    private final IssuedGrant grant = provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID, "read");

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void respond_answersTheStatusHeadersAndBodyItsQueryAsksFor() {
        Reply reply = OAuthClient.send(authorized("/respond?status=302&header=Location:http://elsewhere.test/x"
                + "&header=Set-Cookie:%20a%3Db&body=moved").build());

        assertThat(reply.status()).isEqualTo(302);
        assertThat(reply.header("Location")).isEqualTo("http://elsewhere.test/x");
        assertThat(reply.header("Set-Cookie")).isEqualTo("a=b");
        assertThat(reply.body()).isEqualTo("moved");
    }

    @Test
    void respond_waitsTheDelayItsQueryAsksFor_beforeAnswering() {
        long started = System.nanoTime();

        Reply reply = OAuthClient.send(authorized("/respond?delay_ms=300").build());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void respond_answers401_withoutAValidToken() {
        provider.expireAccessTokens(grant.grantId());

        assertThat(OAuthClient.send(authorized("/respond?status=200").build()).status()).isEqualTo(401);
    }

    @Test
    void stream_sendsTheAskedBytes_andHoldsWhereTold_untilResumed() throws Exception {
        provider.pauseStreamsAfter(100_000);
        CompletableFuture<HttpResponse<InputStream>> answer = OAuthClient.HTTP.sendAsync(
                authorized("/stream?bytes=1000000").build(), HttpResponse.BodyHandlers.ofInputStream());

        HttpResponse<InputStream> response = answer.get();
        try (InputStream body = response.body()) {
            byte[] head = body.readNBytes(100_000);
            await().atMost(Duration.ofSeconds(10)).until(() -> provider.pausedStreams() == 1);
            provider.resumeStreams();
            byte[] rest = body.readAllBytes();

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(head.length + rest.length).isEqualTo(1_000_000);
            assertPattern(head, 0);
            assertPattern(rest, head.length);
        }
        assertThat(provider.pausedStreams()).isZero();
    }

    private static void assertPattern(byte[] bytes, long offset) throws IOException {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != FakeProvider.streamedByte(offset + i)) {
                throw new AssertionError("byte " + (offset + i) + " differs");
            }
        }
    }

    private HttpRequest.Builder authorized(String path) {
        return HttpRequest.newBuilder(provider.apiBaseUrl().resolve(path))
                .header("Authorization", "Bearer " + grant.accessToken());
    }
}
