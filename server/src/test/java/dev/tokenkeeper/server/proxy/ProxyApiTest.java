package dev.tokenkeeper.server.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.TestService;
import dev.tokenkeeper.server.connection.ConnectionsApiTest;
import dev.tokenkeeper.testkit.fake.FakeProvider;
import dev.tokenkeeper.testkit.fake.IssuedGrant;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ProxyApiTest {
    private static TestService service;

    @BeforeAll
    static void start() {
        service = TestService.start();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void proxy_forwardsMethodPathQueryHeadersAndBody_withTheConnectionsToken() {
        IssuedGrant grant = connect("forward-1");

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
        assertThat(answer.header("Tokenkeeper-Remote-Error")).isNull();
        assertThat(answer.header(ProxyApi.REPLAY_HEADER)).isNull();
    }

    static IssuedGrant connect(String id) {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID, "read");
        Answer created = service.api.post("/v1/connections", ConnectionsApiTest.importBody(id, grant, 3600));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return grant;
    }
}
