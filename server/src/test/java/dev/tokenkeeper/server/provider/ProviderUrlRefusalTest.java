package dev.tokenkeeper.server.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.core.provider.WhoamiCheck;
import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.TestService;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Provider URLs against a service with {@code TOKENKEEPER_ALLOW_PRIVATE_URLS} off: metadata, private and own
 * addresses are refused at {@code PUT /v1/providers}, and a config that reached the store anyway (the fake provider on
 * loopback, saved directly) gets no request sent, at the token endpoint, through the proxy or by diagnose's whoami.
 */
class ProviderUrlRefusalTest {
    private static TestService service;

    @BeforeAll
    static void start() {
        service = TestService.start(false, config -> config.whoami(new WhoamiCheck("GET", "/me")),
                settings -> settings.withAllowPrivateUrls(false));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "token_url, http://169.254.169.254/latest/meta-data/",
        "token_url, https://[::ffff:169.254.169.254]/token",
        "token_url, http://2130706433/token",
        "api_base_url, https://0.0.0.0/",
        "api_base_url, https://metadata.google.internal/computeMetadata/v1",
        "revocation_url, https://127.0.0.1/revoke",
        "refresh_url, https://10.0.0.1/token",
        "authorization_url, http://acme.example/authorize"})
    void put_refusesTheUrl_namingTheFieldAndTheSetting_andStoresNothing(String field, String url) {
        ObjectNode config = acme();
        config.put(field, url);

        Answer refused = service.api.put("/v1/providers/hostile", config);

        assertThat(refused.status()).as(refused.text()).isEqualTo(400);
        assertThat(refused.json().path("code").asText()).isEqualTo("invalid_field");
        assertThat(refused.json().path("field").asText()).isEqualTo(field);
        assertThat(refused.json().path("detail").asText()).contains("TOKENKEEPER_ALLOW_PRIVATE_URLS");
        assertThat(service.api.get("/v1/providers/hostile").status()).isEqualTo(404);
    }

    @Test
    void put_refusesTheServicesOwnListener() {
        ObjectNode config = acme();
        config.put("token_url", "https://127.0.0.1:" + service.tokenkeeper.port() + "/v1/connections");

        Answer refused = service.api.put("/v1/providers/itself", config);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("detail").asText()).contains("own listener");
    }

    @Test
    void put_refusesAWhoamiPathThatLeavesTheApiBaseUrl() {
        ObjectNode config = acme();
        config.putObject("whoami").put("method", "GET").put("path", "/%2e%2e/admin");

        Answer refused = service.api.put("/v1/providers/climber", config);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("field").asText()).isEqualTo("whoami");
    }

    @Test
    void refreshProxyAndDiagnose_sendNothing_whenTheStoredProvidersHostIsOnLoopback() {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        ObjectNode body = ApiClient.object().put("provider", TestService.PROVIDER).put("connection_id", "loopback");
        body.putObject("credentials").put("access_token", grant.accessToken())
                .put("refresh_token", grant.refreshToken()).put("expires_in", Duration.ofHours(1).toSeconds());
        assertThat(service.api.post("/v1/connections", body).status()).isEqualTo(201);
        long tokenRequests = service.provider.tokenRequestCount();
        long resourceRequests = service.provider.resourceRequestCount();

        Answer proxied = service.api.get("/v1/proxy/loopback/me");
        Answer diagnosed = service.api.post("/v1/connections/loopback/diagnose", null);
        Answer refresh = service.api.post("/v1/connections/loopback/refresh", null);

        assertThat(proxied.status()).isEqualTo(502);
        assertThat(proxied.json().path("code").asText()).isEqualTo("provider_url_refused");
        assertThat(diagnosed.json().path("checks").findValuesAsText("detail"))
                .anySatisfy(detail -> assertThat(detail).startsWith("not called: the provider's api_base_url"));
        assertThat(refresh.status()).as(refresh.text()).isEqualTo(409);
        assertThat(refresh.json().path("code").asText()).isEqualTo("misconfigured");
        var stored = service.api.get("/v1/connections/loopback").json();
        assertThat(stored.path("cause").asText()).isEqualTo("provider_url_refused");
        assertThat(stored.path("last_error").path("message").asText())
                .contains("allowed only when TOKENKEEPER_ALLOW_PRIVATE_URLS=true")
                .doesNotContain("Exception");
        assertThat(service.provider.tokenRequestCount()).isEqualTo(tokenRequests);
        assertThat(service.provider.resourceRequestCount()).isEqualTo(resourceRequests);
    }

    private static ObjectNode acme() {
        ObjectNode config = ApiClient.object();
        config.put("authorization_url", "https://acme.example/oauth/authorize");
        config.put("token_url", "https://acme.example/oauth/token");
        config.put("api_base_url", "https://api.acme.example");
        config.put("client_id", "client");
        config.put("client_secret", "a-client-secret-value");
        return config;
    }
}
