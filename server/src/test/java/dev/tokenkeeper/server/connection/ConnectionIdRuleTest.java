package dev.tokenkeeper.server.connection;

import static dev.tokenkeeper.server.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.ServiceBackedTest;
import dev.tokenkeeper.fake.FakeProvider;
import java.net.http.HttpRequest;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every route that takes a connection id, in its path or its body, states the id's real rule for one of 10 KB. */
class ConnectionIdRuleTest extends ServiceBackedTest {
    private static final String RULE = "1-128 characters of letters, digits, '.', '_', ':' or '-'";
    private static final String HUGE = "c".repeat(10 * 1024);

    @ParameterizedTest(name = "{0}")
    @MethodSource("pathRoutes")
    void anIdTooLongInThePath_isNotFound_withTheRuleStated_andNotEchoed(String route) {
        for (int length : new int[] {129, 3000}) {
            Answer answer = call(route, "c".repeat(length));

            assertProblem(answer, 404, "not_found");
            assertThat(answer.json().path("detail").asText()).as("length %d", length).contains(RULE)
                    .doesNotContain("2048").doesNotContain("cccccccccc");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pathRoutes")
    void aTenKilobyteIdInThePath_isAUriTooLong_thatStatesTheRule(String route) {
        Answer answer = call(route, HUGE);

        assertProblem(answer, 414, "uri_too_long");
        assertThat(answer.json().path("detail").asText()).contains(RULE, "4096").doesNotContain("2048")
                .doesNotContain("cccccccccc");
    }

    private static Answer call(String route, String id) {
        String method = route.substring(0, route.indexOf(' '));
        String path = route.substring(route.indexOf(' ') + 1).replace("{id}", id);
        return service.api.send(service.api.request(path).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    static Stream<String> pathRoutes() {
        return Stream.of("GET /v1/connections/{id}", "PATCH /v1/connections/{id}", "DELETE /v1/connections/{id}",
                "GET /v1/connections/{id}/events", "POST /v1/connections/{id}/token",
                "POST /v1/connections/{id}/refresh", "POST /v1/connections/{id}/diagnose",
                "GET /v1/proxy/{id}/me", "POST /v1/proxy/{id}/me");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodyRoutes")
    void aTenKilobyteIdInTheBody_isAFieldError_thatStatesTheRule(String path) {
        var body = ConnectionsApiTest.importBody(HUGE, service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID),
                3600);
        if (path.equals("/v1/connect-sessions")) {
            body = ApiClient.object().put("provider", "fake").put("connection_id", HUGE);
        }

        Answer answer = service.api.post(path, body);

        assertProblem(answer, 400, "invalid_field");
        assertThat(answer.json().path("field").asText()).isEqualTo("connection_id");
        assertThat(answer.json().path("detail").asText()).contains(RULE).doesNotContain("2048");
    }

    static Stream<String> bodyRoutes() {
        return Stream.of("/v1/connections", "/v1/connect-sessions");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cursorLengths")
    void aCursorThatIsNoId_isAFieldError_thatStatesTheRule(int length) {
        Answer answer = service.api.get("/v1/connections?cursor=" + "c".repeat(length));

        assertProblem(answer, 400, "invalid_field");
        assertThat(answer.json().path("detail").asText()).contains(RULE);
    }

    static Stream<Integer> cursorLengths() {
        return Stream.of(129, 3000);
    }
}
