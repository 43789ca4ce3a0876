package dev.tokenkeeper.server.connection;

import static dev.tokenkeeper.server.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.ServiceBackedTest;
import dev.tokenkeeper.fake.FakeProvider;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code PATCH /v1/connections/{id}} (a JSON merge patch of metadata) and {@code ?metadata.<key>=} filters. */
class ConnectionMetadataApiTest extends ServiceBackedTest {

    @Test
    void patch_setsAndRemovesKeys_asAMergePatch_andKeepsTheRest() {
        String id = imported(Map.of("customer", "c-1", "old", "x"));

        Answer patched = patch(id, "application/merge-patch+json", "{\"metadata\":{\"plan\":\"pro\",\"old\":null}}");

        assertThat(patched.status()).as(patched.text()).isEqualTo(200);
        assertThat(metadataOf(patched.json())).isEqualTo(Map.of("customer", "c-1", "plan", "pro"));
        assertThat(metadataOf(service.api.get("/v1/connections/" + id).json()))
                .isEqualTo(Map.of("customer", "c-1", "plan", "pro"));
    }

    @Test
    void patch_acceptsApplicationJson_andANullMetadataRemovesEveryKey() {
        String id = imported(Map.of("customer", "c-1", "plan", "free"));

        Answer cleared = patch(id, "application/json; charset=utf-8", "{\"metadata\":null}");

        assertThat(cleared.status()).as(cleared.text()).isEqualTo(200);
        assertThat(metadataOf(cleared.json())).isEmpty();
    }

    @Test
    void patch_leavesTheTokensAndTheRefreshBookkeepingAlone() {
        String id = imported(Map.of());
        JsonNode before = service.api.get("/v1/connections/" + id).json();
        String tokenBefore = service.api.post("/v1/connections/" + id + "/token", null).json().path("access_token")
                .asText();

        patch(id, "application/merge-patch+json", "{\"metadata\":{\"plan\":\"pro\"}}");

        JsonNode after = service.api.get("/v1/connections/" + id).json();
        for (String field : List.of("state", "expires_at", "next_refresh_at", "refresh_count", "created_at")) {
            assertThat(after.path(field)).as(field).isEqualTo(before.path(field));
        }
        assertThat(service.api.post("/v1/connections/" + id + "/token", null).json().path("access_token").asText())
                .isEqualTo(tokenBefore);
    }

    @Test
    void patch_refusesAnyOtherField_namingIt_andChangesNothing() {
        String id = imported(Map.of("customer", "c-1"));

        Answer state = patch(id, "application/merge-patch+json", "{\"metadata\":{\"a\":\"b\"},\"state\":\"active\"}");
        Answer unknown = patch(id, "application/merge-patch+json", "{\"colour\":\"red\"}");

        assertProblem(state, 400, "invalid_field");
        assertThat(state.json().path("field").asText()).isEqualTo("state");
        assertThat(state.json().path("detail").asText()).contains("only metadata can be patched");
        assertProblem(unknown, 400, "invalid_field");
        assertThat(unknown.json().path("field").asText()).isEqualTo("colour");
        assertThat(metadataOf(service.api.get("/v1/connections/" + id).json())).isEqualTo(Map.of("customer", "c-1"));
    }

    @Test
    void patch_refusesValuesAndSizesAnImportRefuses_andChangesNothing() {
        String id = imported(Map.of("customer", "c-1"));
        StringBuilder tooMany = new StringBuilder("{\"metadata\":{");
        for (int i = 0; i < 64; i++) {
            tooMany.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
        }
        tooMany.append("}}");

        Answer number = patch(id, "application/json", "{\"metadata\":{\"plan\":5}}");
        Answer longValue = patch(id, "application/json", "{\"metadata\":{\"plan\":\"" + "v".repeat(2049) + "\"}}");
        Answer longKey = patch(id, "application/json", "{\"metadata\":{\"" + "k".repeat(129) + "\":\"v\"}}");
        Answer notObject = patch(id, "application/json", "{\"metadata\":[\"a\"]}");
        Answer sixtyFive = patch(id, "application/json", tooMany.toString());

        assertProblem(number, 400, "invalid_field");
        assertThat(number.json().path("field").asText()).isEqualTo("metadata.plan");
        assertProblem(longValue, 400, "invalid_field");
        assertThat(longValue.json().path("detail").asText()).contains("2048");
        assertProblem(longKey, 400, "invalid_field");
        assertThat(longKey.json().path("detail").asText()).contains("128");
        assertProblem(notObject, 400, "invalid_field");
        assertProblem(sixtyFive, 400, "invalid_field");
        assertThat(sixtyFive.json().path("detail").asText()).contains("65 entries", "at most 64");
        assertThat(metadataOf(service.api.get("/v1/connections/" + id).json())).isEqualTo(Map.of("customer", "c-1"));
    }

    @Test
    void patch_answers404ForAnUnknownId_and415ForAnotherContentType() {
        String id = imported(Map.of());

        assertProblem(patch("nobody-" + UUID.randomUUID(), "application/merge-patch+json", "{\"metadata\":{}}"),
                404, "not_found");
        assertProblem(patch(id, "text/plain", "{\"metadata\":{}}"), 415, "unsupported_media_type");
        assertProblem(patch(id, "application/json", "{\"metadata\":"), 400, "invalid_json");
    }

    @Test
    void list_filtersOnEveryMetadataParameter_withExactStringMatch() {
        String tag = UUID.randomUUID().toString();
        String proEu = imported(Map.of("tag", tag, "plan", "pro", "region", "eu"));
        String proUs = imported(Map.of("tag", tag, "plan", "pro", "region", "us"));
        imported(Map.of("tag", tag, "plan", "Pro", "region", "eu"));
        String spaced = imported(Map.of("tag", tag, "plan", "pro plus & more"));

        assertThat(ids("metadata.tag=" + tag + "&metadata.plan=pro")).containsExactlyInAnyOrder(proEu, proUs);
        assertThat(ids("metadata.tag=" + tag + "&metadata.plan=pro&metadata.region=eu")).containsExactly(proEu);
        assertThat(ids("metadata.tag=" + tag + "&metadata.plan=" + encode("pro plus & more")))
                .containsExactly(spaced);
        assertThat(ids("metadata.tag=" + tag + "&metadata.plan=pr")).isEmpty();
        assertThat(ids("metadata.tag=" + tag + "&provider=fake&state=active&metadata.region=us"))
                .containsExactly(proUs);
    }

    @Test
    void list_seesAPatchedLabel() {
        String tag = UUID.randomUUID().toString();
        String id = imported(Map.of("tag", tag));
        assertThat(ids("metadata.tag=" + tag + "&metadata.plan=pro")).isEmpty();

        patch(id, "application/merge-patch+json", "{\"metadata\":{\"plan\":\"pro\"}}");

        assertThat(ids("metadata.tag=" + tag + "&metadata.plan=pro")).containsExactly(id);
    }

    @Test
    void list_refusesAMetadataParameterWithoutAKey_orWithAKeyOrValueTooLong() {
        assertProblem(service.api.get("/v1/connections?metadata.=x"), 400, "invalid_field");
        assertProblem(service.api.get("/v1/connections?metadata." + "k".repeat(129) + "=x"), 400, "invalid_field");
        assertProblem(service.api.get("/v1/connections?metadata.plan=" + "v".repeat(2049)), 400, "invalid_field");
        assertProblem(service.api.get("/v1/connections?metadata.plan=a&metadata.plan=b"), 400, "invalid_field");
    }

    @Test
    void list_refusesMetadataTextTheDatabaseCannotHold_neverA500() {
        for (String query : new String[] {"metadata.plan=a%00b", "metadata.a%00b=x", "metadata.plan=%ED%A0%80"}) {
            Answer answer = service.api.get("/v1/connections?" + query);

            assertThat(answer.status()).as(query + ": " + answer.text()).isBetween(200, 499);
            if (answer.status() != 200) {
                assertProblem(answer, 400, "invalid_field");
            }
        }
    }

    private static Answer patch(String id, String contentType, String body) {
        return service.api.raw("PATCH", "/v1/connections/" + id, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> ids(String query) {
        Answer page = service.api.get("/v1/connections?limit=1000&" + query);
        assertThat(page.status()).as(page.text()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        page.json().path("connections").forEach(connection -> ids.add(connection.path("id").asText()));
        return ids;
    }

    private static String imported(Map<String, String> metadata) {
        String id = "meta-" + UUID.randomUUID();
        ObjectNode body = ConnectionsApiTest.importBody(id, service.provider.issueGrant(
                FakeProvider.DEFAULT_CLIENT_ID), 3600);
        ObjectNode labels = body.putObject("metadata");
        metadata.forEach(labels::put);
        Answer created = service.api.post("/v1/connections", body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return id;
    }

    private static Map<String, String> metadataOf(JsonNode connection) {
        return ApiClient.MAPPER.convertValue(connection.path("metadata"),
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() {});
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
