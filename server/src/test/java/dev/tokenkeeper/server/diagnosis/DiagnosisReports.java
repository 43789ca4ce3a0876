package dev.tokenkeeper.server.diagnosis;

import static dev.tokenkeeper.server.connection.ConnectionsApiTest.importBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.TestService;
import dev.tokenkeeper.fake.IssuedGrant;
import java.util.ArrayList;
import java.util.List;

/** Reading diagnosis reports in tests: their checks, their evidence, and the connections they are about. */
public final class DiagnosisReports {
    private DiagnosisReports() {}

    /** Imports {@code grant} as connection {@code id} of provider {@code providerKey}; asserts the 201. */
    public static void importAs(TestService service, String providerKey, String id, IssuedGrant grant,
            long expiresIn) {
        ObjectNode body = importBody(id, grant, expiresIn).put("provider", providerKey);
        Answer created = service.api.post("/v1/connections", body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
    }

    /** Diagnoses the connection; asserts the 200 and that no token of {@code grant} appears in the report. */
    public static JsonNode diagnose(TestService service, String id, IssuedGrant grant) {
        Answer answer = service.api.post("/v1/connections/" + id + "/diagnose", null);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(answer.text()).doesNotContain(grant.accessToken()).doesNotContain(grant.refreshToken());
        return answer.json();
    }

    /** {@code name:status} of each check, in order. */
    public static List<String> checks(JsonNode report) {
        List<String> names = new ArrayList<>();
        report.path("checks").forEach(c -> names.add(c.path("name").asText() + ":" + c.path("status").asText()));
        return names;
    }

    /** {@code source: detail} of each piece of evidence, in order. */
    public static List<String> evidence(JsonNode report) {
        List<String> facts = new ArrayList<>();
        report.path("evidence").forEach(e -> facts.add(e.path("source").asText() + ": " + e.path("detail").asText()));
        return facts;
    }

    /**
     * The causes of the fake provider's refusal of a revoked grant ({@code invalid_grant}, "Token has been expired or
     * revoked."): plain, or read from its words.
     */
    public static final List<String> REVOKED_GRANT_CAUSES = List.of("grant_invalid", "grant_expired_or_revoked");

    /** The report's cause, actor and zone, as {@code cause/actor/zone}. */
    public static String verdict(JsonNode report) {
        return report.path("cause").asText() + "/" + report.path("actor").asText() + "/"
                + report.path("zone").asText();
    }
}
