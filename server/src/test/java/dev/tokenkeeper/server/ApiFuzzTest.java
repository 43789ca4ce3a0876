package dev.tokenkeeper.server;

import static dev.tokenkeeper.server.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.ApiClient.Exchange;
import dev.tokenkeeper.server.MalformedBodies.Malformed;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Throws malformed, mistyped, mislabelled and oversized bodies at every JSON endpoint, each case from a fixed seed
 * (the seed is in the case's name): the answer is always a 4xx problem document with a {@code code}, as the OpenAPI
 * document says, never a stack trace or a Java name, and nothing is stored. {@code -Dtokenkeeper.fuzz.cases=N} runs N
 * cases per endpoint instead of the default. The cases it found wrong first are kept as plain tests at the end.
 */
class ApiFuzzTest {
    private static final int CASES = Integer.getInteger("tokenkeeper.fuzz.cases", 300);
    private static final int ODD_STRING_CASES = Math.max(1, CASES / 6);
    private static final String EXISTING = "fuzz-existing";
    /** Objects of the request bodies that take any member: an unknown field there is no defect. */
    private static final Set<String> OPEN_OBJECTS = Set.of("/credentials", "/metadata", "/refresh_params",
            "/authorization_params");
    /** Where a Java name, a stack frame or a parser's internals would show. */
    private static final Pattern LEAK = Pattern.compile("\\bat [\\w$.]+\\(|\\.java:\\d|\\w+Exception\\b|"
            + "\\b[A-Z]\\w+Error\\b|\\b(java|javax|jdk|sun|com|org|io|dev|net)\\.[a-z]\\w*\\.|\\(byte\\[]\\)|"
            + "\\[Source:|\\b[A-Z][A-Za-z]+\\.[a-z][A-Za-z]+\\(\\)|`");

    /** The JSON endpoints under fuzz: one line each; {@code {unique}} in a path or body differs per case. */
    private static final List<Target> TARGETS = List.of(
            new Target("PUT", "/v1/providers/fuzz-{unique}", ApiFuzzTest::customProvider, false),
            new Target("PUT", "/v1/providers/" + TestService.PROVIDER, unique -> fakeProvider(), false),
            new Target("POST", "/v1/connections", ApiFuzzTest::importBody, false),
            new Target("POST", "/v1/connections/" + EXISTING + "/token", unique -> ApiClient.object(), true),
            new Target("POST", "/v1/connections/" + EXISTING + "/refresh", unique -> ApiClient.object(), true),
            new Target("POST", "/v1/connections/" + EXISTING + "/diagnose", unique -> ApiClient.object(), true),
            new Target("POST", "/v1/connect-sessions", ApiFuzzTest::connectSession, false));

    private static TestService service;
    private static ApiClient api;

    /**
     * An endpoint under fuzz.
     *
     * @param method         the HTTP method
     * @param path           the path; {@code {unique}} is replaced per case
     * @param validBody      a body the endpoint accepts, given the case's unique word
     * @param noBodyAccepted whether a request without a body is valid there
     */
    record Target(String method, String path, Function<String, ObjectNode> validBody, boolean noBodyAccepted) {
        String path(String unique) {
            return path.replace("{unique}", unique);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    @BeforeAll
    static void start() {
        service = TestService.start();
        api = new ApiClient(service.api.base(), service.apiKey);
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID, "read");
        ObjectNode existing = importBody("existing");
        existing.put("connection_id", EXISTING);
        ((ObjectNode) existing.get("credentials")).put("access_token", grant.accessToken())
                .put("refresh_token", grant.refreshToken());
        assertThat(api.post("/v1/connections", existing).status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    static Stream<Arguments> malformedCases() {
        return IntStream.range(0, TARGETS.size()).boxed().flatMap(index -> IntStream.range(0, CASES)
                .mapToObj(i -> Arguments.of(TARGETS.get(index), 7_919L * (index + 1) * 100_003 + i)));
    }

    static Stream<Arguments> oddStringCases() {
        return IntStream.range(0, TARGETS.size()).boxed().flatMap(index -> IntStream.range(0, ODD_STRING_CASES)
                .mapToObj(i -> Arguments.of(TARGETS.get(index), 104_729L * (index + 1) + i)));
    }

    @ParameterizedTest(name = "{0} seed={1}")
    @MethodSource("malformedCases")
    void malformedBody_isRefusedWithA4xxProblem_andStoresNothing(Target target, long seed) {
        String unique = "s" + seed;
        Malformed body = new MalformedBodies(seed, target.validBody().apply(unique), OPEN_OBJECTS,
                target.noBodyAccepted()).next();
        String before = storedState();

        Exchange exchange = send(target.method(), target.path(unique), body);

        String why = target + " seed=" + seed + " " + body;
        assertRefused(exchange, why);
        assertThat(exchange.answer().status()).as(why).isBetween(400, 499);
        assertThat(storedState()).as("stored after " + why).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0} seed={1}")
    @MethodSource("oddStringCases")
    void oddButWellFormedStrings_neverFailTheServer(Target target, long seed) {
        String unique = "o" + seed;
        ObjectNode body = target.validBody().apply(unique);
        String odd = oddString(new SplittableRandom(seed), body);

        Exchange exchange = send(target.method(), target.path(unique), new Malformed(
                MalformedBodies.Defect.WRONG_TYPE, "odd string " + odd, "application/json",
                body.toString().getBytes(StandardCharsets.UTF_8), false));

        String why = target + " seed=" + seed + " " + body;
        assertThat(exchange.answer().status()).as(why).isLessThan(500);
        if (exchange.answer().status() >= 400) {
            assertRefused(exchange, why);
        } else {
            OpenApiContract.shipped().assertResponseConforms(exchange);
        }
    }

    @Test
    void validBody_isAcceptedByEveryTarget_soTheFuzzedDefectsAreWhatIsRefused() {
        for (Target target : TARGETS) {
            Answer answer = api.raw(target.method(), target.path("control"), "application/json",
                    target.validBody().apply("control").toString().getBytes(StandardCharsets.UTF_8));

            assertThat(answer.status()).as(target + ": " + answer.text()).isBetween(200, 201);
        }
    }

    // Cases the fuzz found wrong first, kept as plain regression tests.

    @Test
    void duplicateKey_isInvalidJson_andNothingIsStored() {
        String body = "{\"provider\":\"fake\",\"connection_id\":\"dup-1\",\"connection_id\":\"dup-2\","
                + "\"credentials\":{\"access_token\":\"a\"}}";

        Answer answer = post("/v1/connections", "application/json", body);

        assertProblem(answer, 400, "invalid_json");
        assertThat(answer.json().path("detail").asText()).contains("connection_id");
        assertThat(service.api.get("/v1/connections/dup-1").status()).isEqualTo(404);
        assertThat(service.api.get("/v1/connections/dup-2").status()).isEqualTo(404);
    }

    @Test
    void nulCharacterOrUnpairedSurrogate_isAnInvalidField_notA500() {
        ObjectNode withNul = importBody("nul-1").put("connection_id", "nul-1");
        withNul.putObject("metadata").put("customer", "a\u0000b");
        String loneSurrogate = "{\"client_id\":\"x\\ud800y\",\"token_url\":\"https://auth.example/token\"}";

        assertProblem(service.api.post("/v1/connections", withNul), 400, "invalid_field");
        assertThat(service.api.post("/v1/connections", withNul).json().path("field").asText())
                .isEqualTo("metadata.customer");
        Answer provider = service.api.raw("PUT", "/v1/providers/lone", "application/json",
                loneSurrogate.getBytes(StandardCharsets.UTF_8));
        assertProblem(provider, 400, "invalid_field");
        assertThat(provider.json().path("field").asText()).isEqualTo("client_id");
    }

    @Test
    void lookAlikeContentType_isUnsupported_whileParametersAreFine() {
        String body = importBody("ct-1").toString();

        assertProblem(post("/v1/connections", "application/json-patch+json", body), 415, "unsupported_media_type");
        assertProblem(post("/v1/connections", "application/jsonx", body), 415, "unsupported_media_type");
        assertThat(post("/v1/connections", "Application/JSON; charset=utf-8", body).status()).isEqualTo(201);
    }

    @Test
    void parserLimitsAndNonStandardTokens_areExplained_withoutJavaNames() {
        String deep = "[".repeat(100) + "]".repeat(100);
        String nan = "{\"provider\":NaN}";
        String trailing = "{} {}";

        for (String body : new String[] {deep, nan, trailing}) {
            Answer answer = post("/v1/connections", "application/json", body);

            assertProblem(answer, 400, "invalid_json");
            assertThat(answer.json().path("detail").asText()).as(body).doesNotContain("`")
                    .doesNotContain("com.fasterxml").doesNotContain("StreamReadConstraints")
                    .doesNotContain("JsonReadFeature");
        }
    }

    @Test
    void tokenTypeOfTheWrongKind_isNamed_withWhatIsExpected() {
        ObjectNode body = importBody("tt-1");
        ((ObjectNode) body.get("credentials")).put("token_type", 5);

        Answer answer = service.api.post("/v1/connections", body);

        assertProblem(answer, 400, "invalid_field");
        assertThat(answer.json().path("detail").asText()).isEqualTo("'credentials.token_type' must be a string "
                + "without control characters");
    }

    private static Answer post(String path, String contentType, String body) {
        return service.api.raw("POST", path, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertRefused(Exchange exchange, String why) {
        Answer answer = exchange.answer();
        assertThat(answer.status()).as(why + " -> " + answer.text()).isBetween(400, 499);
        assertThat(answer.header("Content-Type")).as(why).startsWith("application/problem+json");
        JsonNode problem = answer.json();
        assertThat(problem.path("code").asText()).as(why).isNotBlank();
        assertThat(problem.path("status").asInt()).as(why).isEqualTo(answer.status());
        assertThat(LEAK.matcher(answer.text()).find()).as(why + " leaks: " + answer.text()).isFalse();
        assertThat(OpenApiContract.shipped().responseViolations(exchange)).as(why + " -> " + answer.text()).isEmpty();
    }

    private static Exchange send(String method, String path, Malformed body) {
        List<Exchange> seen = new ArrayList<>(1);
        ApiClient recording = api.observedBy(seen::add);
        HttpRequest.BodyPublisher publisher = body.chunked()
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body.bytes()))
                : HttpRequest.BodyPublishers.ofByteArray(body.bytes());
        HttpRequest.Builder request = recording.request(path).method(method, publisher);
        if (body.contentType() != null) {
            request.header("Content-Type", body.contentType());
        }
        recording.send(request);
        return seen.getFirst();
    }

    /** Every row of every table a request could write, hashed: any write changes it. */
    private static String storedState() {
        return service.tokenkeeper.parts().storage().database().withConnection(db -> {
            try (Statement statement = db.createStatement();
                    ResultSet rows = statement.executeQuery("select md5(coalesce((select string_agg(c::text, ',' "
                            + "order by c.id) from connections c), '') || coalesce((select string_agg(e::text, ',' "
                            + "order by e::text) from connection_events e), '') || coalesce((select string_agg("
                            + "p::text, ',' order by p.key) from providers p), '') || coalesce((select string_agg("
                            + "q::text, ',' order by q::text) from quarantined_refreshes q), '') || coalesce((select "
                            + "string_agg(s::text, ',' order by s.id) from connect_sessions s), ''))")) {
                rows.next();
                return rows.getString(1);
            }
        });
    }

    /** Replaces one string field of {@code body} with a string that is valid JSON but unusual, and returns it. */
    private static String oddString(SplittableRandom random, ObjectNode body) {
        List<String> odd = List.of("\u0000", "a\u0000b", "\ud800", "x\udfffy", "\u202e\u202d", "\uFEFF", "\u0001",
                "\n\r\t", "😀", "é".repeat(1500), "%00", "../../etc/passwd", "' or 1=1 --", "${jndi:ldap://x}",
                "<script>", "\\", "\"", " ", "a".repeat(5000));
        String value = odd.get(random.nextInt(odd.size()));
        List<String> fields = new ArrayList<>();
        body.properties().forEach(entry -> {
            if (entry.getValue().isTextual()) {
                fields.add(entry.getKey());
            }
        });
        JsonNode metadata = body.get("metadata");
        if (metadata instanceof ObjectNode labels && random.nextBoolean()) {
            labels.put(random.nextBoolean() ? "customer" : value, value);
        } else if (!fields.isEmpty()) {
            body.put(fields.get(random.nextInt(fields.size())), value);
        } else {
            body.put("odd", value);
        }
        return value;
    }

    private static ObjectNode customProvider(String unique) {
        ObjectNode body = ApiClient.object();
        body.put("key", "fuzz-" + unique);
        body.put("authorization_url", "https://auth.example/authorize");
        body.put("token_url", "https://auth.example/token");
        body.put("revocation_url", "https://auth.example/revoke");
        body.put("api_base_url", "https://api.example");
        body.put("client_id", "client-" + unique);
        body.put("client_secret", "secret-" + unique);
        body.put("client_auth", "client_secret_post");
        body.putArray("scopes").add("read").add("write");
        body.put("pkce", true);
        body.putObject("token_response").put("expires_in_unit", "seconds").put("default_ttl_seconds", 3600);
        body.putObject("rotation").put("rotates_refresh_token", true).put("reuse_grace_seconds", 30);
        body.putArray("auth_failure_statuses").add(401).add(403);
        body.putObject("whoami").put("method", "GET").put("path", "/me");
        body.putObject("refresh_params").put("audience", "api");
        body.put("scope_separator", " ");
        body.putObject("authorization_params").put("prompt", "consent");
        return body;
    }

    private static ObjectNode connectSession(String unique) {
        ObjectNode body = ApiClient.object();
        body.put("provider", TestService.PROVIDER);
        body.put("redirect_after", "https://app.example/done?u=" + unique);
        body.putObject("metadata").put("customer", "c-" + unique);
        body.putObject("authorization_params").put("login_hint", unique + "@example.com");
        return body;
    }

    private static ObjectNode fakeProvider() {
        ObjectNode body = ApiClient.object();
        body.put("token_url", service.provider.tokenUrl().toString());
        body.put("authorization_url", service.provider.authorizationUrl().toString());
        body.put("revocation_url", service.provider.revocationUrl().toString());
        body.put("api_base_url", service.provider.apiBaseUrl().toString());
        body.put("client_id", FakeProvider.DEFAULT_CLIENT_ID);
        body.put("client_secret", FakeProvider.DEFAULT_CLIENT_SECRET);
        return body;
    }

    private static ObjectNode importBody(String unique) {
        ObjectNode body = ApiClient.object();
        body.put("provider", TestService.PROVIDER);
        body.put("connection_id", "fuzz-" + unique);
        ObjectNode credentials = body.putObject("credentials");
        credentials.put("access_token", "at-" + unique);
        credentials.put("refresh_token", "rt-" + unique);
        credentials.put("expires_in", 3600);
        body.putObject("metadata").put("customer", "c-" + unique);
        return body;
    }
}
