package dev.tokenkeeper.server.http;

import static dev.tokenkeeper.server.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.TestService;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** How the service reads JSON request bodies, over real HTTP: the cases the fuzz test first found wrong. */
class JsonBodiesTest {
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

    @Test
    void bodyOverTheServersOwnLimit_isA413Problem_notAPlainTextPage() {
        byte[] huge = new byte[33 * 1024 * 1024];

        Answer answer = service.api.raw("POST", "/v1/connections", "application/json", huge);

        assertProblem(answer, 413, "body_too_large");
    }

    private static Answer post(String path, String contentType, String body) {
        return service.api.raw("POST", path, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    private static ObjectNode importBody(String id) {
        ObjectNode body = ApiClient.object();
        body.put("provider", TestService.PROVIDER);
        body.put("connection_id", id);
        body.putObject("credentials").put("access_token", "at-" + id).put("expires_in", 3600);
        return body;
    }
}
