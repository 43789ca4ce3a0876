package dev.tokenkeeper.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.fake.FakeProvider;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The demo's walk through a reconnect link, against a stand-in for Tokenkeeper's endpoints shaped as API.md says
 * ({@code POST /v1/connections/{id}/reconnect-link} → {@code url}; opening it redirects to the provider, which
 * redirects to {@code /oauth/callback}) and the real fake provider's authorize endpoint, so each step's failure is
 * named; DemoTest walks it against the real service.
 */
class ReconnectionTest {
    private static final Secret KEY = Secret.of("tk_demo_reconnection_test_key");

    private final Map<String, String> seen = new ConcurrentHashMap<>();
    private FakeProvider provider;
    private HttpServer tokenkeeper;
    private URI base;
    private int callbackStatus = 200;
    private String linkCode;

    @BeforeEach
    void start() throws IOException {
        provider = FakeProvider.start();
        tokenkeeper = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        base = URI.create("http://127.0.0.1:" + tokenkeeper.getAddress().getPort());
        tokenkeeper.createContext("/r/", this::open);
        tokenkeeper.createContext("/oauth/callback", this::callback);
        tokenkeeper.createContext("/v1/connections/", exchange -> {
            if (exchange.getRequestURI().getPath().endsWith("/reconnect-link")) {
                link(exchange);
            } else {
                reply(exchange, 200, "{\"state\":\"" + (seen.containsKey("code") ? "active" : "needs_reauth")
                        + "\"}");
            }
        });
        tokenkeeper.start();
    }

    @AfterEach
    void stop() {
        tokenkeeper.stop(0);
        provider.close();
    }

    @Test
    void run_asksForALinkForTheConnection_opensIt_followsTheProvider_andLandsOnTheCallback() {
        ReconnectOutcome outcome = reconnect();

        assertThat(outcome.result()).as(outcome.detail()).isEqualTo(ReconnectOutcome.Result.RECONNECTED);
        assertThat(seen).containsEntry("authorization", "Bearer " + KEY.reveal())
                .containsEntry("link_for", "/v1/connections/acme-03/reconnect-link")
                .containsEntry("opened", "/r/rl_token_1").doesNotContainKey("opened_with_key")
                .containsEntry("state", "st_1").containsKey("code");
        assertThat(outcome.detail()).doesNotContain(seen.get("code")).doesNotContain("rl_token_1");
    }

    @Test
    void run_namesTheRefusal_whenNoLinkIsGiven() {
        linkCode = "connection_not_found";

        ReconnectOutcome outcome = reconnect();

        assertThat(outcome.result()).isEqualTo(ReconnectOutcome.Result.FAILED);
        assertThat(outcome.detail()).isEqualTo("POST /v1/connections/acme-03/reconnect-link answered 404"
                + " connection_not_found");
        assertThat(seen).doesNotContainKey("code");
    }

    @Test
    void run_fails_namingTheStep_whenTheCallbackRefuses() {
        callbackStatus = 400;

        ReconnectOutcome outcome = reconnect();

        assertThat(outcome.result()).isEqualTo(ReconnectOutcome.Result.FAILED);
        assertThat(outcome.detail()).isEqualTo("the callback answered 400 invalid_state");
    }

    private ReconnectOutcome reconnect() {
        try (DemoApi api = new DemoApi(base, KEY)) {
            return Reconnection.run(api, "acme-03");
        }
    }

    private void link(HttpExchange exchange) throws IOException {
        if (linkCode != null) {
            reply(exchange, 404, "{\"status\":404,\"code\":\"" + linkCode + "\"}");
            return;
        }
        seen.put("authorization", exchange.getRequestHeaders().getFirst("Authorization"));
        seen.put("link_for", exchange.getRequestURI().getPath());
        reply(exchange, 201, "{\"id\":\"rl_1\",\"url\":\"" + base + "/r/rl_token_1\",\"expires_at\":"
                + "\"2030-01-01T00:00:00Z\"}");
    }

    /** The browser opens the link: no API key; Tokenkeeper starts a session and redirects to the provider. */
    private void open(HttpExchange exchange) throws IOException {
        seen.put("opened", exchange.getRequestURI().getPath());
        if (exchange.getRequestHeaders().containsKey("Authorization")) {
            seen.put("opened_with_key", "yes");
        }
        String authorize = provider.authorizationUrl() + "?response_type=code&client_id="
                + FakeProvider.DEFAULT_CLIENT_ID + "&redirect_uri=" + base + "/oauth/callback&state=st_1"
                + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256";
        exchange.getResponseHeaders().set("Location", authorize);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private void callback(HttpExchange exchange) throws IOException {
        for (String pair : exchange.getRequestURI().getRawQuery().split("&")) {
            String[] parts = pair.split("=", 2);
            seen.put(parts[0], parts[1]);
        }
        if (callbackStatus != 200) {
            seen.remove("code");
            reply(exchange, callbackStatus, "{\"status\":" + callbackStatus + ",\"code\":\"invalid_state\"}");
            return;
        }
        reply(exchange, 200, "<html><body>Connected.</body></html>");
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", body.startsWith("<") ? "text/html" : "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
