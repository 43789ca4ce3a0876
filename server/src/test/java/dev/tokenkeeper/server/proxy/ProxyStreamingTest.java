package dev.tokenkeeper.server.proxy;

import static dev.tokenkeeper.server.proxy.ProxyApiTest.connect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.ServiceBackedTest;
import dev.tokenkeeper.server.TestService;
import dev.tokenkeeper.fake.FakeProvider;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Bodies stream through the proxy both ways; neither is held whole in memory. */
class ProxyStreamingTest extends ServiceBackedTest {
    private static final int MIB = 1024 * 1024;

    @AfterAll
    static void stop() {
        service.provider.resumeStreams();
    }

    @Test
    void proxy_streamsAMultiMegabyteResponse_asTheProviderSendsIt() throws Exception {
        connect(service, "download-1");
        service.provider.pauseStreamsAfter(MIB);
        HttpClient client = HttpClient.newHttpClient();

        // The provider holds after 1 MiB of 8: the caller gets the headers and that first MiB only if nothing waits
        // for the whole body.
        CompletableFuture<HttpResponse<InputStream>> answer = client.sendAsync(
                service.api.request("/v1/proxy/download-1/stream?bytes=" + 8 * MIB).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        HttpResponse<InputStream> response = answer.get(10, TimeUnit.SECONDS);
        try (InputStream body = response.body()) {
            byte[] head = body.readNBytes(MIB);
            await().atMost(Duration.ofSeconds(10)).until(() -> service.provider.pausedStreams() == 1);
            service.provider.resumeStreams();
            byte[] rest = body.readAllBytes();

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(head.length + rest.length).isEqualTo(8 * MIB);
            assertStreamedBytes(head, 0);
            assertStreamedBytes(rest, head.length);
        }
    }

    @Test
    void proxy_streamsARequestBodyOfUndeclaredLength_toTheProviderIntact() {
        connect(service, "upload-1");
        byte[] body = new byte[3 * MIB];
        for (int i = 0; i < body.length; i++) {
            body[i] = FakeProvider.streamedByte(i);
        }

        Answer answer = service.api.send(service.api.request("/v1/proxy/upload-1/echo/upload")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("headers").path("Transfer-encoding").get(0).asText()).isEqualTo("chunked");
        assertThat(answer.json().path("body").asText().getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo(body);
    }

    @Test
    void proxy_keepsADeclaredLength_whenItStreamsALargeRequestBody() {
        connect(service, "upload-2");
        byte[] body = new byte[2 * MIB];
        java.util.Arrays.fill(body, (byte) 'c');

        Answer answer = service.api.raw("PUT", "/v1/proxy/upload-2/echo/upload", "application/octet-stream", body);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("headers").path("Content-length").get(0).asText())
                .isEqualTo(Integer.toString(body.length));
        assertThat(answer.json().path("body").asText()).hasSize(body.length);
    }

    private static void assertStreamedBytes(byte[] bytes, long offset) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != FakeProvider.streamedByte(offset + i)) {
                throw new AssertionError("byte " + (offset + i) + " differs");
            }
        }
    }
}
