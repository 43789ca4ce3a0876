package dev.tokenkeeper.server.diagnosis;

import static dev.tokenkeeper.server.diagnosis.Setups.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.server.diagnosis.Setups.Imported;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.InvalidTokenAnswer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A working grant whose provider API refuses it (diagnose's whoami call): the diagnosis reads the status, the body
 * and {@code WWW-Authenticate}, refreshes once before concluding, and names the config field at fault — never "the
 * user must reconnect" for the operator's mistake, never "healthy" for an error in a 200.
 */
class BrokenApiSetupsTest {
    private static final String ACTIVE = "active";

    @RegisterExtension
    static final Setups setups = new Setups();

    @Test
    void diagnosis_namesInsufficientScope_whenWhoamiAnswers403WithAnInsufficientScopeChallenge() {
        String key = setups.provider(config -> {
            config.putObject("whoami").put("method", "GET").put("path", respond(403,
                    "WWW-Authenticate:Bearer error=\"insufficient_scope\", scope=\"users:read\"",
                    "{\"message\":\"Missing scope users:read\"}"));
            return config;
        });
        Imported connection = setups.importNew(key);

        setups.assertVerdict(connection.id(), expect(ACTIVE, Cause.INSUFFICIENT_SCOPE).foundByDiagnosisOnly()
                .fixNames("scopes").evidence("insufficient_scope"));
    }

    @Test
    void diagnosis_namesAuthFailureStatusesWrong_whenTheApiSignalsAnExpiredTokenWith403() {
        String key = setups.provider(config -> {
            config.putArray("auth_failure_statuses").add(401);
            return config;
        });
        Imported connection = setups.importNew(key);
        connection.quirks().invalidTokenAnswer(InvalidTokenAnswer.FORBIDDEN);
        setups.provider().expireAccessTokens(connection.grant().grantId());

        setups.assertVerdict(connection.id(), expect(ACTIVE, Cause.AUTH_FAILURE_STATUSES_WRONG).foundByDiagnosisOnly()
                .fixNames("auth_failure_statuses").evidence("403", "expired"));
    }

    @Test
    void diagnosis_namesApiBaseUrlWrong_whenTheApiRejectsAJustRefreshedTokenBecauseItIsAnotherServer() {
        try (FakeProvider otherEnvironment = FakeProvider.start(setups.clock)) {
            String key = setups.provider(config -> config.put("api_base_url",
                    otherEnvironment.apiBaseUrl().toString()));
            Imported connection = setups.importNew(key);
            setups.refresh(connection.id());

            setups.assertVerdict(connection.id(), expect(ACTIVE, Cause.API_BASE_URL_WRONG).foundByDiagnosisOnly()
                    .fixNames("api_base_url").evidence("401"));
        }
    }

    @Test
    void diagnosis_namesApiErrorInBody_whenWhoamiAnswers200OkFalseInvalidAuth() {
        String key = setups.provider(config -> {
            config.putObject("whoami").put("method", "GET").put("path", respond(200, "Content-Type:application/json",
                    "{\"ok\":false,\"error\":\"invalid_auth\"}"));
            return config;
        });
        Imported connection = setups.importNew(key);

        JsonNode report = setups.assertVerdict(connection.id(), expect(ACTIVE, Cause.API_ERROR_IN_BODY)
                .foundByDiagnosisOnly().fixNames("error_expression").evidence("invalid_auth"));

        assertThat(report.path("healthy").asBoolean()).as(report.toString()).isFalse();
    }

    /** A whoami path to the fake provider's scripted resource answering this status, header and body. */
    private static String respond(int status, String header, String body) {
        return "/respond?status=" + status + "&header=" + encode(header) + "&body=" + encode(body);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
