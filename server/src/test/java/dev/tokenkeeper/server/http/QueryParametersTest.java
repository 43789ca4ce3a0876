package dev.tokenkeeper.server.http;

import static dev.tokenkeeper.server.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.OpenApiContract;
import dev.tokenkeeper.server.ServiceBackedTest;
import dev.tokenkeeper.server.TestService;
import dev.tokenkeeper.server.admin.AdminBrowser;
import dev.tokenkeeper.server.connection.ConnectionsApiTest;
import dev.tokenkeeper.fake.FakeProvider;
import java.net.http.HttpRequest;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Every documented operation (but the proxy's and the OAuth callback's, whose queries belong to the provider, and a
 * reconnect link's, which a mail client may decorate with tracking parameters) refuses
 * a query parameter it does not declare with 400 {@code unknown_parameter} naming it, before its handler runs.
 */
class QueryParametersTest extends ServiceBackedTest {
    private static final String UNKNOWN = "not_a_parameter";

    @ParameterizedTest(name = "{0}")
    @MethodSource("operationsWithOwnQuery")
    void everyOperation_refusesAnUnknownQueryParameter_beforeItsHandlerRuns(String operation) {
        String method = operation.substring(0, operation.indexOf(' '));
        String id = imported();
        String path = operation.substring(operation.indexOf(' ') + 1).replace("{key}", TestService.PROVIDER)
                .replace("{id}", id);

        HttpRequest.Builder request = service.api.request(path + "?" + UNKNOWN + "=1");
        if (ApiKeyFilter.isAdmin(path)) { // the console's pages take its session cookie, never the key
            request.header("Cookie", AdminBrowser.signedIn(service.api, service.apiKey.reveal()).cookieHeader());
        }
        Answer answer = service.api.send(request.method(method, HttpRequest.BodyPublishers.noBody()));

        assertProblem(answer, 400, "unknown_parameter");
        assertThat(answer.json().path("field").asText()).isEqualTo(UNKNOWN);
        assertThat(answer.json().path("detail").asText()).contains("'" + UNKNOWN + "'");
        assertThat(service.api.get("/v1/connections/" + id).status()).as("the handler ran").isEqualTo(200);
        assertThat(service.api.get("/v1/providers/" + TestService.PROVIDER).json().path("configured").asBoolean())
                .isTrue();
    }

    static Stream<String> operationsWithOwnQuery() {
        return OpenApiContract.shipped().operations().stream()
                .filter(operation -> !operation.contains(" /v1/proxy/") && !operation.endsWith(" /oauth/callback")
                        && !operation.endsWith(" /r/{token}"));
    }

    @Test
    void unknownParameter_namesWhatTheEndpointTakes() {
        Answer listing = service.api.get("/v1/connections?limt=5");
        Answer none = service.api.get("/v1/providers?verbose=true");

        assertProblem(listing, 400, "unknown_parameter");
        assertThat(listing.json().path("detail").asText()).contains("'limt'", "cursor", "limit", "metadata.*",
                "provider", "state");
        assertProblem(none, 400, "unknown_parameter");
        assertThat(none.json().path("detail").asText()).contains("takes no query parameters");
    }

    @Test
    void declaredParameters_areAccepted_butNotTwice() {
        String id = imported();

        assertThat(service.api.get("/v1/connections?provider=fake&state=active&limit=5&metadata.customer=c-1")
                .status()).isEqualTo(200);
        assertThat(service.api.get("/v1/connections/" + id + "/events?limit=5").status()).isEqualTo(200);
        Answer twice = service.api.get("/v1/connections?limit=5&limit=6");
        assertProblem(twice, 400, "invalid_field");
        assertThat(twice.json().path("field").asText()).isEqualTo("limit");
    }

    @Test
    void proxy_passesItsQueryToTheProvider() {
        String id = imported();

        Answer proxied = service.api.get("/v1/proxy/" + id + "/me?" + UNKNOWN + "=1&page=2");

        assertThat(proxied.status()).as(proxied.text()).isEqualTo(200);
    }

    @Test
    void oauthCallback_acceptsParametersProvidersAdd() {
        ApiClient browser = service.api;

        Answer page = browser.send(browser.unauthenticated("/oauth/callback?state=nope&code=x&iss=https%3A%2F%2Fidp"
                + "&session_state=abc").GET());

        assertThat(page.status()).isEqualTo(400);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.text()).doesNotContain("unknown_parameter");
    }

    private static String imported() {
        String id = "query-" + UUID.randomUUID();
        Answer created = service.api.post("/v1/connections", ConnectionsApiTest.importBody(id,
                service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID), 3600));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return id;
    }
}
