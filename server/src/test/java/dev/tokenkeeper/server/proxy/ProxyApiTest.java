package dev.tokenkeeper.server.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.RawHttp;
import dev.tokenkeeper.server.ServiceBackedTest;
import dev.tokenkeeper.server.TestService;
import dev.tokenkeeper.server.Tokenkeeper;
import dev.tokenkeeper.server.connection.ConnectionsApiTest;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import dev.tokenkeeper.testkit.logs.StandardErrorCapture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Forwarding, headers, redirects, Tokenkeeper's own problems and what is recorded, against a real service. */
class ProxyApiTest extends ServiceBackedTest {

    @Test
    void proxy_forwardsMethodPathQueryHeadersAndBody_withTheConnectionsToken() {
        IssuedGrant grant = connect(service, "forward-1");

        Answer answer = service.api.send(service.api.request("/v1/proxy/forward-1/echo/a/b?x=1&y=%20z")
                .header("Content-Type", "text/plain")
                .header("X-Custom", "yes")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("hello", StandardCharsets.UTF_8)));

        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        JsonNode echo = answer.json();
        assertThat(echo.path("grant_id").asText()).isEqualTo(grant.grantId());
        assertThat(echo.path("method").asText()).isEqualTo("PATCH");
        assertThat(echo.path("path").asText()).isEqualTo("/echo/a/b");
        assertThat(echo.path("query").asText()).isEqualTo("x=1&y=%20z");
        assertThat(echo.path("body").asText()).isEqualTo("hello");
        assertThat(echo.path("headers").path("X-custom").get(0).asText()).isEqualTo("yes");
        assertThat(echo.path("headers").path("Content-type").get(0).asText()).isEqualTo("text/plain");
        assertThat(answer.header("Tokenkeeper-Remote-Error")).isNull();
        assertThat(answer.header(ProxyApi.REPLAY_HEADER)).isNull();
    }

    @Test
    void proxy_answers502ProviderUnreachable_notARefusal_whenTheApiBaseUrlsHostDoesNotResolve() {
        service.tokenkeeper.parts().providers().save(TestService.providerConfig("fake-typo-host", service.provider)
                .apiBaseUrl(java.net.URI.create("https://api.acme-typo.example")).build());
        dev.tokenkeeper.server.diagnosis.DiagnosisReports.importAs(service, "fake-typo-host", "typo-host-1",
                service.provider.issueGrant(dev.tokenkeeper.fake.FakeProvider.DEFAULT_CLIENT_ID), 3600);

        var answer = service.api.get("/v1/proxy/typo-host-1/me");

        assertThat(answer.status()).isEqualTo(502);
        assertThat(answer.json().path("code").asText()).isEqualTo("provider_unreachable");
        assertThat(answer.header("Tokenkeeper-Remote-Error")).isEqualTo("false");
    }

    @Test
    void proxy_sendsNeitherTheApiKeyNorHostNorHopByHopHeaders_toTheProvider() {
        connect(service, "headers-in-1");

        RawHttp.Answer answer = RawHttp.exchange(service.tokenkeeper.port(), "GET /v1/proxy/headers-in-1/echo HTTP/1.1\r\n"
                + "Host: tokenkeeper.test\r\n"
                + "Authorization: Bearer " + service.apiKey.reveal() + "\r\n"
                + "Connection: keep-alive, X-Hop\r\n"
                + "X-Hop: named-by-connection\r\n"
                + "Keep-Alive: timeout=5\r\n"
                + "TE: trailers\r\n"
                + "Trailer: X-Checksum\r\n"
                + "Proxy-Authorization: Basic eDp5\r\n"
                + "Tokenkeeper-Replay: forged\r\n"
                + "X-Kept: yes\r\n"
                + "\r\n");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode headers = json(answer.body()).path("headers");
        assertThat(headers.path("X-kept").get(0).asText()).isEqualTo("yes");
        assertThat(headers.path("Host").get(0).asText()).isNotEqualTo("tokenkeeper.test");
        for (String dropped : new String[] {"X-hop", "Keep-alive", "Te", "Trailer", "Proxy-authorization",
                "Tokenkeeper-replay"}) {
            assertThat(headers.has(dropped)).as(dropped).isFalse();
        }
        assertThat(answer.body()).doesNotContain(service.apiKey.reveal());
    }

    @Test
    void proxy_passesTheProvidersSetCookie_butNotItsHopByHopOrTokenkeeperHeaders() {
        connect(service, "headers-out-1");

        Answer answer = service.api.get("/v1/proxy/headers-out-1/respond?status=200"
                + "&header=Set-Cookie:session%3Dabc&header=X-Plain:kept&header=Connection:X-Hop&header=X-Hop:dropped"
                + "&header=Keep-Alive:timeout%3D5&header=Proxy-Authenticate:Basic&header=Upgrade:h2c"
                + "&header=Tokenkeeper-Remote-Error:false&header=Tokenkeeper-Replay:forged");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Set-Cookie")).isEqualTo("session=abc");
        assertThat(answer.header("X-Plain")).isEqualTo("kept");
        for (String dropped : new String[] {"X-Hop", "Keep-Alive", "Proxy-Authenticate", "Upgrade",
                "Tokenkeeper-Remote-Error", "Tokenkeeper-Replay"}) {
            assertThat(answer.header(dropped)).as(dropped).isNull();
        }
    }

    @Test
    void proxy_marksTheProvidersErrorsAsRemote_andPassesThemOnAsTheyAre() {
        connect(service, "remote-1");

        Answer notFound = service.api.get("/v1/proxy/remote-1/respond?status=404&body=no%20such%20thing");
        Answer failed = service.api.get("/v1/proxy/remote-1/respond?status=503&header=Retry-After:7");

        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.text()).isEqualTo("no such thing");
        assertThat(notFound.header("Tokenkeeper-Remote-Error")).isEqualTo("true");
        assertThat(failed.status()).isEqualTo(503);
        assertThat(failed.header("Retry-After")).isEqualTo("7");
        assertThat(failed.header("Tokenkeeper-Remote-Error")).isEqualTo("true");
    }

    @Test
    void proxy_answersItsOwnProblemsMarkedNotRemote_withoutCallingTheProvider() {
        connect(service, "own-1");
        long before = service.provider.resourceRequestCount();

        Answer noKey = service.api.send(service.api.unauthenticated("/v1/proxy/own-1/me").GET());
        Answer unknown = service.api.get("/v1/proxy/nobody/me");
        Answer trace = service.api.send(service.api.request("/v1/proxy/own-1/echo")
                .method("TRACE", HttpRequest.BodyPublishers.noBody()));

        assertProblem(noKey, 401, "unauthorized");
        assertProblem(unknown, 404, "not_found");
        assertProblem(trace, 405, "method_not_proxied");
        assertThat(service.provider.resourceRequestCount()).isEqualTo(before);
    }

    @Test
    void proxy_answers409WithoutCallingTheProvider_whenTheConnectionNeedsReauth() {
        IssuedGrant grant = connect(service, "stale-1");
        service.provider.revokeGrant(grant.grantId());
        assertThat(service.api.post("/v1/connections/stale-1/refresh", null).status()).isEqualTo(409);
        long before = service.provider.resourceRequestCount();

        Answer answer = service.api.get("/v1/proxy/stale-1/me");

        assertProblem(answer, 409, "needs_reauth");
        assertThat(answer.json().path("connection_id").asText()).isEqualTo("stale-1");
        assertThat(service.provider.resourceRequestCount()).isEqualTo(before);
    }

    @Test
    void proxy_answers409NamingApiBaseUrl_whenTheProviderHasNone() {
        service.tokenkeeper.parts().providers().save(TestService.providerConfig("no-api", service.provider)
                .apiBaseUrl(null).build());
        connect(service, "no-api-1", "no-api");

        Answer answer = service.api.get("/v1/proxy/no-api-1/me");

        assertProblem(answer, 409, "proxy_not_configured");
        assertThat(answer.json().path("detail").asText()).contains("api_base_url").contains("no-api");
    }

    @Test
    void proxy_answers502ProviderUnreachable_whenNothingListensAtTheApiBaseUrl() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        service.tokenkeeper.parts().providers().save(TestService.providerConfig("unreachable", service.provider)
                .apiBaseUrl(URI.create("http://127.0.0.1:" + closedPort)).build());
        connect(service, "unreachable-1", "unreachable");

        assertProblem(service.api.get("/v1/proxy/unreachable-1/me"), 502, "provider_unreachable");
    }

    @Test
    void proxy_passesRedirectsOnUnchanged_andNeverFollowsThem() throws IOException {
        AtomicInteger stolen = new AtomicInteger();
        HttpServer elsewhere = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        elsewhere.createContext("/", exchange -> {
            stolen.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        elsewhere.start();
        try {
            connect(service, "redirect-1");
            String location = "http://127.0.0.1:" + elsewhere.getAddress().getPort() + "/steal";

            Answer found = service.api.get("/v1/proxy/redirect-1/respond?status=302&header=Location:" + location);
            Answer temporary = service.api.post("/v1/proxy/redirect-1/respond?status=307&header=Location:"
                    + location, ApiClient.object().put("write", 1));

            assertThat(found.status()).isEqualTo(302);
            assertThat(found.header("Location")).isEqualTo(location);
            assertThat(found.header("Tokenkeeper-Remote-Error")).isNull();
            assertThat(temporary.status()).isEqualTo(307);
            assertThat(temporary.header("Location")).isEqualTo(location);
            assertThat(stolen).hasValue(0);
        } finally {
            elsewhere.stop(0);
        }
    }

    /**
     * Dot segments, escaped separators and CR/LF never reach the proxy: the gate refuses targets that are not in their
     * plain form before routing ({@code non_canonical_path}); what is plain but leaves the base, {@code ProxyTarget}.
     */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"echo/%2e%2e/oauth/token, non_canonical_path", "echo/../../oauth/token, non_canonical_path",
            "echo/%252e%252e/x, proxy_target_refused", "echo%2fx, non_canonical_path",
            "echo%5c..%5cx, non_canonical_path", "http:%2F%2Fevil.test/x, non_canonical_path",
            "https:/evil.test, proxy_target_refused", "echo//x, non_canonical_path",
            "@evil.test/x, proxy_target_refused", "echo/a%0d%0aX-Injected:%201, non_canonical_path"})
    void proxy_refusesPathsThatCouldLeaveTheProvidersBase_withoutCallingIt(String path, String code) {
        String id = "ssrf-" + Integer.toHexString(path.hashCode());
        connect(service, id);
        long before = service.provider.resourceRequestCount();

        Answer answer = service.api.get("/v1/proxy/" + id + "/" + path);

        assertProblem(answer, 400, code);
        assertThat(service.provider.resourceRequestCount()).isEqualTo(before);
    }

    @Test
    void proxy_refusesABodyOverTheServersLimit_with413Problem_withoutCallingTheProvider() {
        connect(service, "too-large-1");
        long before = service.provider.resourceRequestCount();

        RawHttp.Answer answer = RawHttp.exchange(service.tokenkeeper.port(), "POST /v1/proxy/too-large-1/echo HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\n"
                + "Authorization: Bearer " + service.apiKey.reveal() + "\r\n"
                + "Content-Length: " + (Tokenkeeper.MAX_PAYLOAD_BYTES + 1) + "\r\n"
                + "\r\n");

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.header("Tokenkeeper-Remote-Error")).isEqualTo("false");
        assertThat(json(answer.body()).path("code").asText()).isEqualTo("body_too_large");
        assertThat(service.provider.resourceRequestCount()).isEqualTo(before);
    }

    @Test
    void proxy_logsOneLinePerRequest_andRecordsItsLatency_withoutAnyToken() {
        IssuedGrant grant = connect(service, "logged-1");
        String logs;
        try (StandardErrorCapture captured = new StandardErrorCapture()) {
            assertThat(service.api.get("/v1/proxy/logged-1/me").status()).isEqualTo(200);
            logs = captured.text();
        }

        assertThat(logs).containsOnlyOnce("proxied method=GET connection=logged-1 provider=fake status=200 outcome=ok"
                + " replayed=no duration_ms=");
        assertThat(logs).doesNotContain(grant.accessToken()).doesNotContain(service.apiKey.reveal());
        String metrics = service.api.get("/metrics").text();
        assertThat(metrics).contains("tokenkeeper_proxy_latency_seconds_count{outcome=\"ok\",provider=\"fake\"}");
    }

    static void assertProblem(Answer answer, int status, String code) {
        assertThat(answer.status()).as(answer.text()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.header("Tokenkeeper-Remote-Error")).isEqualTo("false");
        assertThat(answer.json().path("code").asText()).isEqualTo(code);
    }

    static IssuedGrant connect(TestService service, String id) {
        return connect(service, id, TestService.PROVIDER);
    }

    static IssuedGrant connect(TestService service, String id, String providerKey) {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID, "read");
        ObjectNode body = ConnectionsApiTest.importBody(id, grant, 3600).put("provider", providerKey);
        Answer created = service.api.post("/v1/connections", body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return grant;
    }

    private static JsonNode json(String text) {
        try {
            return ApiClient.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
