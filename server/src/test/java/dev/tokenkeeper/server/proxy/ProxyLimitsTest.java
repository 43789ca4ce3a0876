package dev.tokenkeeper.server.proxy;

import static dev.tokenkeeper.server.proxy.ProxyApiTest.assertProblem;
import static dev.tokenkeeper.server.proxy.ProxyApiTest.connect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.ServiceBackedTest;
import dev.tokenkeeper.server.TestService;
import dev.tokenkeeper.server.Tokenkeeper;
import dev.tokenkeeper.server.http.ErrorMapping;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.time.InstantSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The proxy's bounds, on a server of its own with small limits: timeouts, body sizes, a provider breaking off. */
class ProxyLimitsTest extends ServiceBackedTest {
    private static final ProxySettings SMALL = new ProxySettings(Duration.ofSeconds(1), Duration.ofMillis(500),
            Duration.ofMillis(500), 1024, 4096, 1024);
    private static ProxyApi proxy;
    private static WebServer server;
    private static ApiClient client;

    @BeforeAll
    static void start() {
        Tokenkeeper.Parts parts = service.tokenkeeper.parts();
        proxy = new ProxyApi(parts.engine(), parts.providers(), parts.metrics(), InstantSource.system(), SMALL);
        HttpRouting.Builder routing = HttpRouting.builder().register(ProxyApi.PATH, proxy);
        ErrorMapping.register(routing);
        server = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false).routing(routing).build().start();
        client = new ApiClient(URI.create("http://127.0.0.1:" + server.port()), service.apiKey);
    }

    @AfterAll
    static void stop() {
        server.stop();
        proxy.close();
    }

    @Test
    void proxy_answers504ProviderTimeout_whenTheProviderAnswersLaterThanTheResponseTimeout() {
        connect(service, "slow-1");
        long started = System.nanoTime();

        Answer answer = client.get("/v1/proxy/slow-1/respond?delay_ms=5000");

        assertProblem(answer, 504, "provider_timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void proxy_answers413_whenADeclaredBodyIsOverTheLimit_withoutCallingTheProvider() {
        connect(service, "large-1");
        long before = service.provider.resourceRequestCount();

        Answer answer = client.raw("POST", "/v1/proxy/large-1/echo", "text/plain", new byte[4097]);

        assertProblem(answer, 413, "body_too_large");
        assertThat(service.provider.resourceRequestCount()).isEqualTo(before);
    }

    @Test
    void proxy_answers413_whenAStreamedBodyOfUndeclaredLengthPassesTheLimit() {
        connect(service, "large-2");

        Answer answer = client.send(client.request("/v1/proxy/large-2/echo").POST(
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[8192]))));

        assertProblem(answer, 413, "body_too_large");
    }

    @Test
    void proxy_abortsTheAnswer_whenTheProvidersBodyStallsLongerThanTheIdleTimeout() {
        connect(service, "stalling-1");
        service.provider.pauseStreamsAfter(100_000);
        try {
            // Without the watchdog the call would wait for the stalled body for ever: the bound only ends the test.
            CompletableFuture<Answer> call = CompletableFuture.supplyAsync(
                    () -> client.get("/v1/proxy/stalling-1/stream?bytes=1000000"));
            assertThat(call).failsWithin(Duration.ofSeconds(20))
                    .withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(UncheckedIOException.class);
        } finally {
            service.provider.resumeStreams();
        }
    }

    @Test
    void proxy_abortsTheAnswer_whenTheProviderBreaksOffMidBody() throws IOException {
        HttpServer breaking = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        breaking.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, 1_000_000);
            OutputStream body = exchange.getResponseBody();
            body.write(new byte[100_000]);
            body.flush();
            exchange.getHttpContext().getServer().stop(0); // the rest never comes
        });
        breaking.start();
        service.tokenkeeper.parts().providers().save(TestService.providerConfig("breaking", service.provider)
                .apiBaseUrl(URI.create("http://127.0.0.1:" + breaking.getAddress().getPort())).build());
        connect(service, "breaking-1", "breaking");

        assertThatThrownBy(() -> client.get("/v1/proxy/breaking-1/download"))
                .isInstanceOf(UncheckedIOException.class);
    }
}
