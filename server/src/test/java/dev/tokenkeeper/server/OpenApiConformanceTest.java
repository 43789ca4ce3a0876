package dev.tokenkeeper.server;

import static dev.tokenkeeper.server.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.ApiClient.Exchange;
import dev.tokenkeeper.server.admin.AdminBrowser;
import dev.tokenkeeper.server.http.ApiKeyFilter;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every endpoint of this build, on success and on each documented error, answers as the OpenAPI document says; the
 * document lists exactly the routes the server answers; and the contract check fails a wrong answer.
 */
class OpenApiConformanceTest {
    /** Documented operations whose implementation is not in this build yet; each must still answer no_route. */
    private static final Set<String> PENDING = Set.of();
    /** Paths API.md names that no operation documents yet: the server must not answer them either. */
    private static final List<String> UNDOCUMENTED_PATHS = List.of("/", "/v1", "/v1/", "/health", "/v1/health/live",
            "/v1/connections/conformance-1/diagnose/x", "/oauth", "/oauth/callback/x", "/v1/actions/act_1/extra",
            "/v1/webhook-endpoints/we_1/extra", "/v1/connections/conformance-1/token/extra", "/v1/providers/fake/extra",
            "/openapi.yaml", "/v1/openapi.json");
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");
    private static final OpenApiContract CONTRACT = OpenApiContract.shipped();
    private static final AtomicInteger NEXT_ID = new AtomicInteger();

    private static TestService service;
    /** Every exchange of this class's calls, in order (the tests run one at a time). */
    private static final List<Exchange> SEEN = new ArrayList<>();
    private static ApiClient api;

    @BeforeAll
    static void start() {
        service = TestService.start();
        api = service.api.observedBy(SEEN::add);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void openApiDocument_isServedAsYaml_exactlyAsShipped() {
        Answer answer = conforming(() -> api.get("/v1/openapi.yaml"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("application/yaml");
        assertThat(answer.text()).isEqualTo(CONTRACT.yaml());
    }

    @Test
    void providers_conform_onEverySuccess() {
        String key = "conformance-" + NEXT_ID.incrementAndGet();

        assertThat(conforming(() -> api.get("/v1/providers")).status()).isEqualTo(200);
        assertThat(conforming(() -> api.get("/v1/providers/" + TestService.PROVIDER)).status()).isEqualTo(200);
        assertThat(conforming(() -> api.get("/v1/providers/github")).json().path("configured").asBoolean()).isFalse();
        assertThat(conforming(() -> api.put("/v1/providers/" + key, customProvider(key))).status()).isEqualTo(201);
        assertThat(conforming(() -> api.put("/v1/providers/" + key, customProvider(key))).status()).isEqualTo(200);
        assertThat(conforming(() -> api.put("/v1/providers/github", ApiClient.object().put("client_id", "gh")
                .put("client_secret", "gh-secret"))).status()).isIn(200, 201);
        assertThat(conforming(() -> api.get("/v1/providers")).json().path("providers")).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void providers_conform_onEveryDocumentedError() {
        String key = "conformance-" + NEXT_ID.incrementAndGet();

        assertProblem(answering(() -> api.get("/v1/providers/nobody")), 404, "not_found");
        assertProblem(answering(() -> api.put("/v1/providers/" + key, customProvider(key).put("token_url", 5))),
                400, "invalid_field");
        assertProblem(answering(() -> api.put("/v1/providers/" + key, customProvider(key).put("colour", "red"))),
                400, "invalid_field");
        assertProblem(answering(() -> api.put("/v1/providers/Bad%20Key", customProvider(null))), 400,
                "invalid_field");
        assertBodyErrorsConform("PUT", "/v1/providers/" + key);
        assertThat(answering(() -> api.get("/v1/providers/" + key)).status()).isEqualTo(404);
    }

    @Test
    void connections_conform_onEverySuccess() {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID, "read");
        String id = "conformance-" + NEXT_ID.incrementAndGet();

        assertThat(conforming(() -> api.post("/v1/connections", importBody(id, grant))).status()).isEqualTo(201);
        assertThat(conforming(() -> api.post("/v1/connections", importBody(null, service.provider.issueGrant(
                FakeProvider.DEFAULT_CLIENT_ID)))).status()).isEqualTo(201);
        assertThat(conforming(() -> api.get("/v1/connections")).status()).isEqualTo(200);
        assertThat(conforming(() -> api.get("/v1/connections?provider=fake&state=active&limit=1&cursor=a"))
                .json().path("next_cursor").isTextual()).isTrue();
        assertThat(conforming(() -> api.get("/v1/connections/" + id)).status()).isEqualTo(200);
        assertThat(conforming(() -> api.post("/v1/connections/" + id + "/token", null)).status()).isEqualTo(200);
        assertThat(conforming(() -> api.post("/v1/connections/" + id + "/token", ApiClient.object())).status())
                .isEqualTo(200);
        assertThat(conforming(() -> api.post("/v1/connections/" + id + "/refresh", null)).status()).isEqualTo(200);
        assertThat(conforming(() -> api.get("/v1/connections/" + id + "/events?limit=10")).json().path("events"))
                .hasSize(2);
        assertThat(conforming(() -> api.delete("/v1/connections/" + id)).json().path("revocation").path("state")
                .asText()).isEqualTo("revoked");
    }

    @Test
    void providerDelete_andMetadataPatch_conform_onSuccessAndOnEveryDocumentedError() {
        String key = "conformance-" + NEXT_ID.incrementAndGet();
        conforming(() -> api.put("/v1/providers/" + key, fakeProvider(FakeProvider.DEFAULT_CLIENT_SECRET)));
        String id = "conformance-" + NEXT_ID.incrementAndGet();
        conforming(() -> api.post("/v1/connections", importBody(id, service.provider.issueGrant(
                FakeProvider.DEFAULT_CLIENT_ID)).put("provider", key)));

        assertProblem(answering(() -> api.delete("/v1/providers/" + key)), 409, "provider_in_use");
        Answer patched = conforming(() -> api.raw("PATCH", "/v1/connections/" + id, "application/merge-patch+json",
                bytes("{\"metadata\":{\"plan\":\"pro\",\"customer\":null}}")));
        assertThat(patched.json().path("metadata").path("plan").asText()).isEqualTo("pro");
        assertThat(conforming(() -> api.get("/v1/connections?metadata.plan=pro&provider=" + key)).json()
                .path("connections")).hasSize(1);
        assertProblem(answering(() -> api.raw("PATCH", "/v1/connections/" + id, "application/json",
                bytes("{\"state\":\"active\"}"))), 400, "invalid_field");
        assertProblem(answering(() -> api.raw("PATCH", "/v1/connections/nobody", "application/json",
                bytes("{\"metadata\":{}}"))), 404, "not_found");
        assertBodyErrorsConform("PATCH", "/v1/connections/" + id);
        assertProblem(answering(() -> api.get("/v1/connections?colour=red")), 400, "unknown_parameter");
        assertProblem(answering(() -> api.get("/v1/connections/" + id + "?colour=red")), 400, "unknown_parameter");
        assertProblem(answering(() -> api.post("/v1/connections", importBody(null, service.provider.issueGrant(
                FakeProvider.DEFAULT_CLIENT_ID)).put("provider", "slack"))), 409, "provider_not_configured");
        conforming(() -> api.delete("/v1/connections/" + id));
        assertThat(conforming(() -> api.delete("/v1/providers/" + key)).json().path("deleted").asBoolean()).isTrue();
        assertProblem(answering(() -> api.delete("/v1/providers/" + key)), 404, "not_found");
    }

    @Test
    void connections_conform_onFieldAndBodyErrors() {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        String id = "conformance-" + NEXT_ID.incrementAndGet();
        ObjectNode noCredentials = importBody(id, grant);
        noCredentials.remove("credentials");

        assertProblem(answering(() -> api.post("/v1/connections", importBody(id, grant).put("provider", "nope"))),
                400, "invalid_field");
        assertProblem(answering(() -> api.post("/v1/connections", noCredentials)), 400, "invalid_field");
        assertProblem(answering(() -> api.post("/v1/connections", importBody("bad id!", grant))), 400,
                "invalid_field");
        assertProblem(answering(() -> api.post("/v1/connections", null)), 400, "invalid_json");
        assertBodyErrorsConform("POST", "/v1/connections");
        assertProblem(answering(() -> api.get("/v1/connections?limit=0")), 400, "invalid_field");
        assertProblem(answering(() -> api.get("/v1/connections?state=sleeping")), 400, "invalid_field");
        assertProblem(answering(() -> api.post("/v1/connections/" + id + "/token", ApiClient.object().put("x", 1))),
                400, "invalid_field");
        assertBodyErrorsConform("POST", "/v1/connections/" + id + "/refresh");
        assertBodyErrorsConform("POST", "/v1/connections/" + id + "/diagnose");
        assertThat(answering(() -> api.get("/v1/connections/" + id)).status()).isEqualTo(404);
    }

    @Test
    void connections_conform_onNotFoundAndConflicts() {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        String id = "conformance-" + NEXT_ID.incrementAndGet();
        conforming(() -> api.post("/v1/connections", importBody(id, grant)));

        assertProblem(answering(() -> api.post("/v1/connections", importBody(id, grant))), 409, "connection_exists");
        for (String path : List.of("/v1/connections/nobody", "/v1/connections/nobody/events")) {
            assertProblem(answering(() -> api.get(path)), 404, "not_found");
        }
        assertProblem(answering(() -> api.delete("/v1/connections/nobody")), 404, "not_found");
        assertProblem(answering(() -> api.post("/v1/connections/nobody/token", null)), 404, "not_found");
        assertProblem(answering(() -> api.post("/v1/connections/nobody/refresh", null)), 404, "not_found");
        assertProblem(answering(() -> api.get("/v1/connections/" + id + "/events?limit=5000")), 400,
                "invalid_field");
    }

    @Test
    void tokenCalls_conform_whenTheConnectionNeedsReauth_isMisconfigured_orHasNoTokenNow() {
        IssuedGrant revoked = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        String reauth = "conformance-" + NEXT_ID.incrementAndGet();
        conforming(() -> api.post("/v1/connections", importBody(reauth, revoked)));
        service.provider.revokeGrant(revoked.grantId());
        String misconfigured = "conformance-" + NEXT_ID.incrementAndGet();
        String wrongKey = "wrong-secret-" + NEXT_ID.incrementAndGet();
        conforming(() -> api.put("/v1/providers/" + wrongKey, fakeProvider("not-the-secret")));
        conforming(() -> api.post("/v1/connections", importBody(misconfigured, service.provider.issueGrant(
                FakeProvider.DEFAULT_CLIENT_ID)).put("provider", wrongKey)));
        IssuedGrant failing = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        String unavailable = "conformance-" + NEXT_ID.incrementAndGet();
        ObjectNode shortLived = importBody(unavailable, failing);
        ((ObjectNode) shortLived.get("credentials")).put("expires_in", 1);
        Instant expiresAt = Instant.parse(conforming(() -> api.post("/v1/connections", shortLived)).json()
                .path("expires_at").asText());
        await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(expiresAt));
        service.provider.grantQuirks(failing.grantId()).serverErrorNextTokenRequests(1, 500, false);

        assertProblem(answering(() -> api.post("/v1/connections/" + reauth + "/refresh", null)), 409, "needs_reauth");
        assertProblem(answering(() -> api.post("/v1/connections/" + reauth + "/token", null)), 409, "needs_reauth");
        assertProblem(answering(() -> api.post("/v1/connections/" + misconfigured + "/refresh", null)), 409,
                "misconfigured");
        Answer noToken = answering(() -> api.post("/v1/connections/" + unavailable + "/refresh", null));
        assertProblem(noToken, 503, "refresh_failed");
        assertThat(noToken.header("Retry-After")).isNotBlank();
        assertThat(conforming(() -> api.get("/v1/connections/" + reauth + "/events")).json().path("events"))
                .hasSizeGreaterThanOrEqualTo(3);
        assertThat(conforming(() -> api.get("/v1/connections/" + reauth)).json().path("last_error").isObject())
                .isTrue();
    }

    @Test
    void connectSessions_conform_onSuccess_andOnEveryDocumentedError() {
        String id = importedConnection();
        String otherProvider = "other-" + NEXT_ID.incrementAndGet();
        conforming(() -> api.put("/v1/providers/" + otherProvider, fakeProvider(FakeProvider.DEFAULT_CLIENT_SECRET)));
        ObjectNode reconnect = session().put("connection_id", id).put("redirect_after", "https://app.example/done");
        reconnect.putObject("authorization_params").put("login_hint", "alice@example.com");

        assertThat(conforming(() -> api.post("/v1/connect-sessions", session())).status()).isEqualTo(201);
        assertThat(conforming(() -> api.post("/v1/connect-sessions", reconnect)).json().path("connection_id")
                .asText()).isEqualTo(id);
        ObjectNode labelled = session();
        labelled.putObject("metadata").put("customer", "c-1");
        assertThat(conforming(() -> api.post("/v1/connect-sessions", labelled)).status()).isEqualTo(201);
        assertProblem(answering(() -> api.post("/v1/connect-sessions", session().put("provider", "nope"))), 400,
                "invalid_field");
        assertProblem(answering(() -> api.post("/v1/connect-sessions", session().put("colour", "red"))), 400,
                "invalid_field");
        assertProblem(answering(() -> api.post("/v1/connect-sessions", session().put("provider", otherProvider)
                .put("connection_id", id))), 409, "provider_mismatch");
        assertBodyErrorsConform("POST", "/v1/connect-sessions");
    }

    @Test
    void oauthCallback_conforms_withItsPagesAndRedirect() {
        String page = callbackAfterConsent(session());
        String redirect = callbackAfterConsent(session().put("redirect_after", "https://app.example/done?x=1"));

        Answer connected = conforming(() -> api.send(api.unauthenticated(page).GET()));
        Answer redirected = conforming(() -> api.send(api.unauthenticated(redirect).GET()));
        Answer replayed = conforming(() -> api.send(api.unauthenticated(page).GET()));
        Answer noState = conforming(() -> api.send(api.unauthenticated("/oauth/callback").GET()));
        Answer unknownState = conforming(() -> api.send(api.unauthenticated("/oauth/callback?state=nope&code=x")
                .GET()));
        Answer denied = conforming(() -> api.send(api.unauthenticated("/oauth/callback?state=nope&error=access_denied"
                + "&error_description=no").GET()));

        assertThat(connected.status()).as(connected.text()).isEqualTo(200);
        assertThat(connected.header("Content-Type")).startsWith("text/html");
        assertThat(redirected.status()).isEqualTo(303);
        assertThat(redirected.header("Location")).startsWith("https://app.example/done?x=1&connection_id=");
        for (Answer failure : List.of(replayed, noState, unknownState, denied)) {
            assertThat(failure.status()).as(failure.text()).isBetween(400, 499);
            assertThat(failure.header("Content-Type")).startsWith("text/html");
        }
    }

    @Test
    void diagnose_conforms_andNamesAnUnreachableApiInWords() {
        String healthy = importedConnection();
        String unreachableProvider = "unreachable-" + NEXT_ID.incrementAndGet();
        ObjectNode unreachableConfig = fakeProvider(FakeProvider.DEFAULT_CLIENT_SECRET)
                .put("api_base_url", "http://127.0.0.1:1");
        unreachableConfig.putObject("whoami").put("path", "/me");
        conforming(() -> api.put("/v1/providers/" + unreachableProvider, unreachableConfig));
        String unreachable = "conformance-" + NEXT_ID.incrementAndGet();
        conforming(() -> api.post("/v1/connections", importBody(unreachable, service.provider.issueGrant(
                FakeProvider.DEFAULT_CLIENT_ID)).put("provider", unreachableProvider)));

        Answer ok = conforming(() -> api.post("/v1/connections/" + healthy + "/diagnose", null));
        Answer down = conforming(() -> api.post("/v1/connections/" + unreachable + "/diagnose", ApiClient.object()));

        assertThat(ok.json().path("zone").asText()).isEqualTo("none");
        assertThat(down.json().path("zone").asText()).isEqualTo("provider_api");
        assertThat(down.json().path("checks").get(3).path("detail").asText()).contains("connection refused")
                .doesNotContain("Exception");
        assertProblem(answering(() -> api.post("/v1/connections/nobody/diagnose", null)), 404, "not_found");
        assertProblem(answering(() -> api.post("/v1/connections/" + healthy + "/diagnose", ApiClient.object()
                .put("deep", true))), 400, "invalid_field");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("protectedOperations")
    void everyV1Operation_answersTheDocumented401_withoutOrWithAWrongApiKey(String operation) {
        String method = operation.substring(0, operation.indexOf(' '));
        String path = concrete(operation.substring(operation.indexOf(' ') + 1));

        Answer missing = answering(() -> api.send(api.unauthenticated(path)
                .method(method, HttpRequest.BodyPublishers.noBody())));
        Answer wrong = answering(() -> api.send(api.unauthenticated(path).header("Authorization", "Bearer nope")
                .method(method, HttpRequest.BodyPublishers.noBody())));
        Answer notBearer = answering(() -> api.send(api.unauthenticated(path).header("Authorization", "Basic eDp5")
                .method(method, HttpRequest.BodyPublishers.noBody())));

        for (Answer answer : List.of(missing, wrong, notBearer)) {
            assertProblem(answer, 401, "unauthorized");
            assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer");
        }
    }

    @Test
    void operations_conform_withoutAnApiKey() {
        for (String path : List.of("/health/live", "/health/ready", "/metrics")) {
            Answer answer = conforming(() -> api.send(api.unauthenticated(path).GET()));
            assertThat(answer.status()).as(path).isEqualTo(200);
        }
    }

    @Test
    void everyDocumentedOperation_isServed_andNoOtherIs() {
        TreeSet<String> unserved = new TreeSet<>();
        TreeSet<String> undocumented = new TreeSet<>();
        TreeSet<String> documentedPaths = new TreeSet<>();
        CONTRACT.operations().forEach(operation -> documentedPaths.add(operation.substring(operation.indexOf(' ') + 1)));
        for (String path : documentedPaths) {
            for (String method : METHODS) {
                String operation = method + " " + path;
                boolean routed = !isNoRoute(probe(method, concrete(path)));
                boolean documented = CONTRACT.operations().contains(operation) && !PENDING.contains(operation);
                if (documented && !routed) {
                    unserved.add(operation);
                } else if (!documented && routed) {
                    undocumented.add(operation);
                }
            }
        }
        for (String path : UNDOCUMENTED_PATHS) {
            for (String method : METHODS) {
                if (!isNoRoute(probe(method, path))) {
                    undocumented.add(method + " " + path);
                }
            }
        }

        assertThat(unserved).as("documented but answered no_route").isEmpty();
        assertThat(undocumented).as("served but not documented (or pending but served: drop it from PENDING)")
                .isEmpty();
        assertThat(CONTRACT.operations()).containsAll(PENDING);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oddPathParameters")
    void oddPathParameters_answerADocumentedProblem_neverA500(String parameter) {
        List<Answer> answers = List.of(
                answering(() -> api.get("/v1/connections/" + parameter)),
                answering(() -> api.get("/v1/connections/" + parameter + "/events")),
                answering(() -> api.post("/v1/connections/" + parameter + "/token", null)),
                answering(() -> api.post("/v1/connections/" + parameter + "/refresh", null)),
                answering(() -> api.delete("/v1/connections/" + parameter)),
                answering(() -> api.raw("PATCH", "/v1/connections/" + parameter, "application/merge-patch+json",
                        bytes("{\"metadata\":{}}"))),
                answering(() -> api.delete("/v1/providers/" + parameter)),
                answering(() -> api.get("/v1/connections?metadata." + parameter + "=" + parameter)),
                answering(() -> api.get("/v1/providers/" + parameter)),
                answering(() -> api.put("/v1/providers/" + parameter, customProvider(null))),
                answering(() -> api.get("/v1/connections?cursor=" + parameter + "&provider=" + parameter)));

        for (Answer answer : answers) {
            assertThat(answer.status()).as(answer.text()).isBetween(200, 499);
        }
    }

    static Stream<String> oddPathParameters() {
        return Stream.of("%00", "a%00b", "%ED%A0%80", "%FF", "%C3%28", "%E2%80%AE", "..", "%2e%2e", "%2F", "%5C",
                "x".repeat(1000), "%F0%9F%98%80", "%27%20or%201%3D1%20--", "%25", "%20", "a%0Ab");
    }

    @Test
    void contract_failsAnAnswer_thatDoesNotMatchTheDocument() {
        String id = importedConnection();
        Exchange real = last(() -> api.get("/v1/connections/" + id));
        ObjectNode body = (ObjectNode) real.answer().json();

        List<Exchange> wrong = List.of(
                withBody(real, body.deepCopy().put("refresh_token", "leaked")),
                withBody(real, body.deepCopy().put("state", "sleeping")),
                withBody(real, removed(body, "updated_at")),
                withBody(real, body.deepCopy().put("refresh_count", "one")),
                withBody(real, "not json"),
                withStatus(real, 418),
                withContentType(real, "text/html"));

        assertThat(CONTRACT.violations(real)).isEmpty();
        for (Exchange exchange : wrong) {
            assertThat(CONTRACT.violations(exchange)).as(exchange.answer().text()).isNotEmpty();
            assertThatThrownBy(() -> CONTRACT.assertResponseConforms(exchange)).isInstanceOf(AssertionError.class);
        }
    }

    @Test
    void contract_failsARequest_thatDoesNotMatchTheDocument_andANoRouteThatIsNotAProblem() {
        Exchange refused = last(() -> api.post("/v1/connections", ApiClient.object().put("colour", "red")));
        Exchange noRoute = last(() -> api.get("/v1/nothing-here"));

        assertThat(CONTRACT.responseViolations(refused)).isEmpty();
        assertThat(CONTRACT.violations(refused)).isNotEmpty();
        assertThat(CONTRACT.violations(noRoute)).isEmpty();
        assertThat(CONTRACT.violations(withBody(noRoute, "{\"code\":\"no_route\"}"))).isNotEmpty();
        assertThat(CONTRACT.violations(withStatus(noRoute, 200))).isNotEmpty();
    }

    static Stream<String> protectedOperations() {
        return CONTRACT.operations().stream().filter(operation -> operation.contains(" /v1/"));
    }

    /** A bodiless call with the API key, not checked against the document (pending operations are in it). */
    private static Answer probe(String method, String path) {
        ApiClient unchecked = new ApiClient(service.api.base(), service.apiKey);
        HttpRequest.Builder request = unchecked.request(path);
        if (ApiKeyFilter.isAdmin(path)) { // the console's pages are reached with its session cookie, not the key
            request.header("Cookie", AdminBrowser.signedIn(unchecked, service.apiKey.reveal()).cookieHeader());
        }
        return unchecked.send(request.method(method, HttpRequest.BodyPublishers.noBody()));
    }

    /** Malformed JSON, a wrong content type and a body over the limit each get their documented problem. */
    private static void assertBodyErrorsConform(String method, String path) {
        assertProblem(answering(() -> api.raw(method, path, "application/json", bytes("[1]"))), 400, "invalid_json");
        assertProblem(answering(() -> api.raw(method, path, "application/json", bytes("{\"a\":"))), 400,
                "invalid_json");
        assertProblem(answering(() -> api.raw(method, path, "application/xml", bytes("<a/>"))), 415,
                "unsupported_media_type");
        assertProblem(answering(() -> api.raw(method, path, "application/json", new byte[300 * 1024])), 413,
                "body_too_large");
    }

    /** A new active connection of the fake provider, imported conforming to the document; answers its id. */
    private static String importedConnection() {
        String id = "conformance-" + NEXT_ID.incrementAndGet();
        conforming(() -> api.post("/v1/connections", importBody(id, service.provider.issueGrant(
                FakeProvider.DEFAULT_CLIENT_ID))));
        return id;
    }

    private static ObjectNode session() {
        return ApiClient.object().put("provider", TestService.PROVIDER);
    }

    /** Starts a session and consents at the fake provider; answers the callback URL the browser is sent to. */
    private static String callbackAfterConsent(ObjectNode session) {
        String authorizeUrl = conforming(() -> api.post("/v1/connect-sessions", session)).json()
                .path("authorize_url").asText();
        ApiClient browser = new ApiClient(service.api.base(), service.apiKey);
        Answer consent = browser.send(HttpRequest.newBuilder(URI.create(authorizeUrl)).GET());
        assertThat(consent.status()).as(consent.text()).isEqualTo(302);
        return consent.header("Location");
    }

    /** No handler took it: 404 {@code no_route}, or 405 {@code method_not_allowed} for a path other methods answer. */
    private static boolean isNoRoute(Answer answer) {
        return answer.status() == 404 && answer.text().contains("\"no_route\"")
                || answer.status() == 405 && answer.text().contains("\"method_not_allowed\"")
                && answer.header("Allow") != null;
    }

    /** Calls, then checks request and answer against the document. */
    private static Answer conforming(Supplier<Answer> call) {
        Exchange exchange = last(call);
        CONTRACT.assertConforms(exchange);
        return exchange.answer();
    }

    /** Calls a request that is wrong on purpose, then checks the answer against the document. */
    private static Answer answering(Supplier<Answer> call) {
        Exchange exchange = last(call);
        CONTRACT.assertResponseConforms(exchange);
        return exchange.answer();
    }

    private static Exchange last(Supplier<Answer> call) {
        call.get();
        return SEEN.getLast();
    }

    private static String concrete(String path) {
        // Not the fake provider's key: a probe's DELETE must not remove the provider the other tests use.
        return path.replace("{key}", "conformance-probe").replace("{id}", "conformance-route")
                .replace("{connection_id}", "conformance-route").replace("{path}", "me")
                .replace("{token}", "conformance-token");
    }

    private static Exchange withBody(Exchange exchange, Object body) {
        return new Exchange(exchange.method(), exchange.uri(), exchange.request(), exchange.requestBody(),
                new Answer(exchange.answer().status(), exchange.answer().headers(), body.toString()));
    }

    private static Exchange withStatus(Exchange exchange, int status) {
        return new Exchange(exchange.method(), exchange.uri(), exchange.request(), exchange.requestBody(),
                new Answer(status, exchange.answer().headers(), exchange.answer().text()));
    }

    private static Exchange withContentType(Exchange exchange, String contentType) {
        var headers = java.net.http.HttpHeaders.of(java.util.Map.of("Content-Type", List.of(contentType)),
                (name, value) -> true);
        return new Exchange(exchange.method(), exchange.uri(), exchange.request(), exchange.requestBody(),
                new Answer(exchange.answer().status(), headers, exchange.answer().text()));
    }

    private static ObjectNode removed(ObjectNode body, String field) {
        ObjectNode copy = body.deepCopy();
        copy.remove(field);
        return copy;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static ObjectNode importBody(String id, IssuedGrant grant) {
        ObjectNode body = ApiClient.object();
        body.put("provider", TestService.PROVIDER);
        if (id != null) {
            body.put("connection_id", id);
        }
        ObjectNode credentials = body.putObject("credentials");
        credentials.put("access_token", grant.accessToken());
        credentials.put("refresh_token", grant.refreshToken());
        credentials.put("expires_in", 3600);
        credentials.put("instance_url", "https://eu1.example");
        body.putObject("metadata").put("customer", "c-1");
        return body;
    }

    private static ObjectNode customProvider(String key) {
        ObjectNode body = ApiClient.object();
        if (key != null) {
            body.put("key", key);
        }
        body.put("token_url", "https://auth.example/token");
        body.put("authorization_url", "https://auth.example/authorize");
        body.put("client_id", "client-1");
        body.put("client_secret", "secret-1");
        body.put("client_auth", "client_secret_post");
        body.putArray("scopes").add("read").add("write");
        body.putObject("token_response").put("expires_in_unit", "seconds").put("default_ttl_seconds", 3600);
        body.putObject("rotation").put("rotates_refresh_token", false).put("reuse_grace_seconds", 30);
        body.putArray("auth_failure_statuses").add(401).add(403);
        body.putObject("whoami").put("method", "GET").put("path", "/me");
        body.putObject("refresh_params").put("audience", "api");
        return body;
    }

    private static ObjectNode fakeProvider(String secret) {
        ObjectNode body = ApiClient.object();
        body.put("token_url", service.provider.tokenUrl().toString());
        body.put("authorization_url", service.provider.authorizationUrl().toString());
        body.put("api_base_url", service.provider.apiBaseUrl().toString());
        body.put("client_id", FakeProvider.DEFAULT_CLIENT_ID);
        body.put("client_secret", secret);
        return body;
    }
}
