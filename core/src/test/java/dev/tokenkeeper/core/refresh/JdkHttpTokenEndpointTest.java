package dev.tokenkeeper.core.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tokenkeeper.core.port.TokenEndpointReply;
import dev.tokenkeeper.core.port.TokenEndpointReply.HttpReply;
import dev.tokenkeeper.core.port.TokenEndpointReply.Kind;
import dev.tokenkeeper.core.port.TokenEndpointReply.TransportFailure;
import dev.tokenkeeper.core.port.TokenRequest;
import dev.tokenkeeper.core.provider.ClientAuth;
import dev.tokenkeeper.core.provider.ProviderUrlPolicy;
import dev.tokenkeeper.core.token.Secret;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JDK token endpoint against a real HTTP server on loopback. */
class JdkHttpTokenEndpointTest {
    private final AtomicReference<String> seenBody = new AtomicReference<>();
    private final AtomicReference<String> seenAuthorization = new AtomicReference<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;
    private JdkHttpTokenEndpoint endpoint;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/token", exchange -> {
            seenBody.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            seenAuthorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            respond(exchange, 200, "{\"access_token\":\"new\",\"expires_in\":3600}");
        });
        server.createContext("/hang", exchange -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(exchange, 200, "{}");
        });
        server.createContext("/slow-body", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("{\"access_token\":".getBytes(StandardCharsets.UTF_8));
                out.flush();
                release.await();
            } catch (IOException | InterruptedException closedByClient) {
                // the client gave up at its deadline
            }
        });
        server.createContext("/huge", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                byte[] chunk = new byte[64 * 1024];
                java.util.Arrays.fill(chunk, (byte) 'x');
                for (int i = 0; i < 32; i++) {
                    out.write(chunk);
                }
            } catch (IOException closedByClient) {
                // the client stops reading at its cap
            }
        });
        server.createContext("/redirect", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:1/elsewhere");
            respond(exchange, 302, "");
        });
        server.start();
        endpoint = new JdkHttpTokenEndpoint(InstantSource.system());
    }

    @AfterEach
    void stop() {
        release.countDown();
        endpoint.close();
        server.stop(0);
    }

    @Test
    void exchange_sendsClientSecretBasic_withFormEncodedCredentials() {
        TokenReplyAssert reply = exchange("/token", ClientAuth.CLIENT_SECRET_BASIC, Duration.ofSeconds(5));

        assertThat(reply.http().status()).isEqualTo(200);
        assertThat(reply.http().header("content-type")).contains("application/json");
        String pair = new String(Base64.getDecoder().decode(seenAuthorization.get().substring("Basic ".length())),
                StandardCharsets.UTF_8);
        assertThat(pair).isEqualTo("client%3A1:s%C3%A9cret+%26");
        assertThat(seenBody.get()).isEqualTo("grant_type=refresh_token&refresh_token=rt+%2F%3D&audience=api")
                .doesNotContain("client_secret");
    }

    @Test
    void exchange_sendsClientSecretPost_inTheBody() {
        exchange("/token", ClientAuth.CLIENT_SECRET_POST, Duration.ofSeconds(5));

        assertThat(seenAuthorization.get()).isNull();
        assertThat(seenBody.get()).isEqualTo("grant_type=refresh_token&refresh_token=rt+%2F%3D&audience=api"
                + "&client_id=client%3A1&client_secret=s%C3%A9cret+%26");
    }

    @Test
    void exchange_givesUpAtTheDeadline_whenTheProviderHangs() {
        TokenEndpointReply reply = exchange("/hang", ClientAuth.CLIENT_SECRET_POST, Duration.ofMillis(200)).reply();

        assertThat(reply).isInstanceOfSatisfying(TransportFailure.class,
                failure -> assertThat(failure.kind()).isEqualTo(Kind.TIMEOUT));
    }

    @Test
    void exchange_namesALookupThatOutlivesTheDeadline_aDnsFailure_notATimeoutAfterSending() {
        CountDownLatch released = new CountDownLatch(1);
        ProviderUrlPolicy hanging = new ProviderUrlPolicy(true, List::of, host -> {
            try {
                released.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new UnknownHostException(host);
        });
        try (JdkHttpTokenEndpoint resolving = new JdkHttpTokenEndpoint(InstantSource.system(), hanging)) {
            TokenEndpointReply reply = resolving.exchange(request(URI.create("http://slow-dns.example/token"),
                    ClientAuth.CLIENT_SECRET_POST), Duration.ofMillis(200));

            assertThat(reply).isInstanceOfSatisfying(TransportFailure.class, failure -> {
                assertThat(failure.kind()).isEqualTo(Kind.DNS);
                assertThat(failure.message()).contains("did not resolve within 200 ms");
            });
        } finally {
            released.countDown();
        }
    }

    @Test
    void exchange_givesUpAtTheDeadline_whenTheBodyNeverEnds() {
        TokenEndpointReply reply = exchange("/slow-body", ClientAuth.CLIENT_SECRET_POST, Duration.ofMillis(300))
                .reply();

        assertThat(reply).isInstanceOfSatisfying(TransportFailure.class,
                failure -> assertThat(failure.kind()).isEqualTo(Kind.TIMEOUT));
    }

    @Test
    void exchange_startsNoThread_whenTheTokenUrlHasAnAddress() {
        for (int i = 0; i < 3; i++) {
            assertThat(exchange("/token", ClientAuth.CLIENT_SECRET_POST, Duration.ofSeconds(5)).http().status())
                    .isEqualTo(200);
        }

        assertThat(endpoint.threadsStarted()).isZero();
    }

    @Test
    void exchange_resolvesAHostNameOnOneThread_andAnswers() {
        URI url = URI.create("http://localhost:" + server.getAddress().getPort() + "/token");

        TokenEndpointReply reply = endpoint.exchange(request(url, ClientAuth.CLIENT_SECRET_POST),
                Duration.ofSeconds(5));

        assertThat(reply).isInstanceOfSatisfying(HttpReply.class, http -> assertThat(http.status()).isEqualTo(200));
        assertThat(endpoint.threadsStarted()).isEqualTo(1);
    }

    @Test
    void isAddressLiteral_tellsAddressesFromNames() {
        assertThat(JdkHttpTokenEndpoint.isAddressLiteral("127.0.0.1")).isTrue();
        assertThat(JdkHttpTokenEndpoint.isAddressLiteral("[::1]")).isTrue();
        assertThat(JdkHttpTokenEndpoint.isAddressLiteral("localhost")).isFalse();
        assertThat(JdkHttpTokenEndpoint.isAddressLiteral("1.2.3.4.example.com")).isFalse();
        assertThat(JdkHttpTokenEndpoint.isAddressLiteral("10.0.0")).isFalse();
    }

    @Test
    void exchange_reportsAConnectFailure_whenNothingListens() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        TokenRequest request = request(URI.create("http://127.0.0.1:" + closedPort + "/token"),
                ClientAuth.CLIENT_SECRET_POST);

        TokenEndpointReply reply = endpoint.exchange(request, Duration.ofSeconds(5));

        assertThat(reply).isInstanceOfSatisfying(TransportFailure.class, failure -> {
            assertThat(failure.kind()).isEqualTo(Kind.CONNECT);
            assertThat(failure.message()).doesNotContain("rt /=").doesNotContain("sécret");
        });
    }

    @Test
    void exchange_capsTheBody_whenTheProviderSendsTooMuch() {
        HttpReply reply = exchange("/huge", ClientAuth.CLIENT_SECRET_POST, Duration.ofSeconds(5)).http();

        assertThat(reply.body()).hasSize(JdkHttpTokenEndpoint.MAX_BODY_BYTES);
    }

    @Test
    void exchange_doesNotFollowRedirects() {
        HttpReply reply = exchange("/redirect", ClientAuth.CLIENT_SECRET_POST, Duration.ofSeconds(5)).http();

        assertThat(reply.status()).isEqualTo(302);
    }

    private TokenReplyAssert exchange(String path, ClientAuth auth, Duration deadline) {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
        return new TokenReplyAssert(endpoint.exchange(request(url, auth), deadline));
    }

    private static TokenRequest request(URI url, ClientAuth auth) {
        return new TokenRequest(url, "refresh_token", Map.of("refresh_token", Secret.of("rt /=")),
                Map.of("audience", "api"), "client:1", Secret.of("sécret &"), auth);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private record TokenReplyAssert(TokenEndpointReply reply) {
        HttpReply http() {
            assertThat(reply).isInstanceOf(HttpReply.class);
            return (HttpReply) reply;
        }
    }
}
