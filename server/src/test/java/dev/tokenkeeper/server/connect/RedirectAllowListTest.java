package dev.tokenkeeper.server.connect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.TestService;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With {@code TOKENKEEPER_REDIRECT_ORIGINS} set, a connect session only sends browsers to those origins. */
class RedirectAllowListTest {
    private static TestService service;

    @BeforeAll
    static void start() {
        service = TestService.start(false, UnaryOperator.identity(),
                settings -> settings.withRedirectOrigins(RedirectOrigins.parse("https://app.example.com")));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void create_refusesARedirectOutsideTheListedOrigins_namingTheSetting() {
        Answer refused = service.api.post("/v1/connect-sessions", ApiClient.object().put("provider", "fake")
                .put("redirect_after", "https://evil.example/steal"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("code").asText()).isEqualTo("invalid_field");
        assertThat(refused.json().path("field").asText()).isEqualTo("redirect_after");
        assertThat(refused.json().path("detail").asText()).contains("TOKENKEEPER_REDIRECT_ORIGINS");
    }

    @Test
    void create_acceptsARedirectOnAListedOrigin() {
        Answer created = service.api.post("/v1/connect-sessions", ApiClient.object().put("provider", "fake")
                .put("redirect_after", "https://app.example.com/connected?tenant=1"));

        assertThat(created.status()).as(created.text()).isEqualTo(201);
    }
}
