package dev.tokenkeeper.server.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenkeeper.server.ServiceBackedTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.TestService;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

public class ConnectionsApiTest extends ServiceBackedTest {

    @Test
    void import_createsAnActiveConnection_andNeverReturnsTheRefreshToken() {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID, "read");

        Answer created = service.api.post("/v1/connections", importBody("import-1", grant, 3600));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/v1/connections/import-1");
        JsonNode body = created.json();
        assertThat(body.path("id").asText()).isEqualTo("import-1");
        assertThat(body.path("provider").asText()).isEqualTo(TestService.PROVIDER);
        assertThat(body.path("state").asText()).isEqualTo("active");
        assertThat(body.path("has_refresh_token").asBoolean()).isTrue();
        assertThat(body.path("metadata").path("customer").asText()).isEqualTo("c-1");
        assertThat(Instant.parse(body.path("next_refresh_at").asText()))
                .isBefore(Instant.parse(body.path("expires_at").asText()));
        assertThat(created.text()).doesNotContain(grant.refreshToken()).doesNotContain(grant.accessToken());
        Answer read = service.api.get("/v1/connections/import-1");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().path("refresh_count").asLong()).isZero();
        assertThat(read.json().path("cause").asText()).isEqualTo("none");
        assertThat(read.json().path("cause_since").isNull()).isTrue();
        assertThat(read.json().path("condition").isNull()).isTrue();
        assertThat(read.text()).doesNotContain(grant.refreshToken()).doesNotContain(grant.accessToken());
    }

    @Test
    void token_servesTheStoredToken_withoutCallingTheProvider_whenFresh() {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        service.api.post("/v1/connections", importBody("fresh-1", grant, 3600));
        long before = service.provider.refreshCount(grant.grantId());

        Answer token = service.api.post("/v1/connections/fresh-1/token", null);

        assertThat(token.status()).isEqualTo(200);
        assertThat(token.json().path("access_token").asText()).isEqualTo(grant.accessToken());
        assertThat(token.json().path("token_type").asText()).isEqualTo("Bearer");
        assertThat(token.text()).doesNotContain(grant.refreshToken());
        assertThat(service.provider.refreshCount(grant.grantId())).isEqualTo(before);
    }

    @Test
    void token_refreshesFirst_whenTheStoredTokenIsNoLongerUsable() {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        service.api.post("/v1/connections", importBody("expired-1", grant, 2));

        // A 2-second token stops being handed out half a second before it expires; then the call refreshes.
        Answer token = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> service.api.post("/v1/connections/expired-1/token", null),
                        answer -> !answer.json().path("access_token").asText().equals(grant.accessToken()));

        assertThat(token.status()).isEqualTo(200);
        assertThat(token.json().path("access_token").asText())
                .isEqualTo(service.provider.currentAccessToken(grant.grantId()).orElseThrow())
                .isNotEqualTo(grant.accessToken());
        assertThat(service.provider.refreshCount(grant.grantId())).isEqualTo(1);
        assertThat(service.api.get("/v1/connections/expired-1").json().path("refresh_count").asLong()).isEqualTo(1);
    }

    @Test
    void refresh_turnsARevokedGrantNeedsReauth_andLaterTokenCallsAnswer409WithoutCallingTheProvider() {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        service.api.post("/v1/connections", importBody("revoked-1", grant, 3600));
        service.provider.revokeGrant(grant.grantId());

        Answer refresh = service.api.post("/v1/connections/revoked-1/refresh", null);
        long requestsAfterFirst = service.provider.refreshCount(grant.grantId());
        Answer again = service.api.post("/v1/connections/revoked-1/token", null);

        assertThat(refresh.status()).isEqualTo(409);
        assertThat(refresh.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refresh.json().path("code").asText()).isEqualTo("needs_reauth");
        assertThat(refresh.json().path("last_error").path("code").asText()).isEqualTo("invalid_grant");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("code").asText()).isEqualTo("needs_reauth");
        assertThat(service.provider.refreshCount(grant.grantId())).isEqualTo(requestsAfterFirst);
        JsonNode shown = service.api.get("/v1/connections/revoked-1").json();
        assertThat(shown.path("state").asText()).isEqualTo("needs_reauth");
        assertThat(shown.path("last_error").path("class").asText()).isEqualTo("needs_reauth");
        assertThat(shown.path("last_error").path("cause").asText()).isIn("grant_invalid", "grant_expired_or_revoked");
        assertThat(shown.path("cause").asText()).isEqualTo(shown.path("last_error").path("cause").asText());
        assertThat(shown.path("cause_since").asText()).isEqualTo(shown.path("last_error").path("at").asText());
        assertThat(shown.path("condition").isNull()).isTrue();
        assertThat(service.api.get("/v1/connections?state=needs_reauth").json().path("connections"))
                .anySatisfy(item -> assertThat(item.path("id").asText() + "/" + item.path("cause").asText())
                        .isEqualTo("revoked-1/" + shown.path("cause").asText()));
    }

    @Test
    void events_listTheRefreshAttemptAndTheTransition_withoutAnyToken() {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        service.api.post("/v1/connections", importBody("timeline-1", grant, 3600));
        service.api.post("/v1/connections/timeline-1/refresh", null);
        String newRefreshToken = service.provider.currentRefreshToken(grant.grantId()).orElseThrow();

        Answer events = service.api.get("/v1/connections/timeline-1/events");

        assertThat(events.status()).isEqualTo(200);
        List<String> types = new ArrayList<>();
        events.json().path("events").forEach(event -> types.add(event.path("type").asText()));
        assertThat(types).containsExactly("connection.created", "refresh.attempted");
        JsonNode attempt = events.json().path("events").get(1);
        assertThat(attempt.path("status").asInt()).isEqualTo(200);
        assertThat(attempt.path("code").asText()).isEqualTo("refreshed");
        assertThat(attempt.path("grant_type").asText()).isEqualTo("refresh_token");
        assertThat(events.text()).doesNotContain(grant.refreshToken()).doesNotContain(newRefreshToken)
                .doesNotContain(service.provider.currentAccessToken(grant.grantId()).orElseThrow());
    }

    @Test
    void list_walksEveryConnectionOnce_pageByPage_andFiltersByState() {
        for (int i = 0; i < 5; i++) {
            service.api.post("/v1/connections", importBody("paged-" + i, service.provider.issueGrant(
                    FakeProvider.DEFAULT_CLIENT_ID), 3600));
        }
        List<String> seen = new ArrayList<>();
        String cursor = "paged-";
        do {
            JsonNode page = service.api.get("/v1/connections?limit=2&cursor=" + cursor).json();
            page.path("connections").forEach(c -> seen.add(c.path("id").asText()));
            cursor = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asText();
        } while (cursor != null && cursor.startsWith("paged-"));

        assertThat(seen.stream().filter(id -> id.startsWith("paged-")))
                .containsExactly("paged-0", "paged-1", "paged-2", "paged-3", "paged-4");
        JsonNode active = service.api.get("/v1/connections?state=active&provider=" + TestService.PROVIDER
                + "&limit=1000").json();
        active.path("connections").forEach(c -> assertThat(c.path("state").asText()).isEqualTo("active"));
        assertThat(service.api.get("/v1/connections?state=sleeping").json().path("field").asText())
                .isEqualTo("state");
        assertThat(service.api.get("/v1/connections?limit=0").status()).isEqualTo(400);
        assertThat(service.api.get("/v1/connections?cursor=a%2Fb").json().path("field").asText()).isEqualTo("cursor");
        assertThat(service.api.get("/v1/connections?provider=A%00").json().path("field").asText())
                .isEqualTo("provider");
    }

    @Test
    void delete_revokesTheGrantAtTheProvider_andForgetsTheConnection() {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        service.api.post("/v1/connections", importBody("deleted-1", grant, 3600));

        Answer deleted = service.api.delete("/v1/connections/deleted-1");

        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().path("revocation").path("state").asText()).isEqualTo("revoked");
        assertThat(service.provider.revocationOf(grant.grantId())).isPresent();
        assertThat(service.api.get("/v1/connections/deleted-1").status()).isEqualTo(404);
        assertThat(service.api.delete("/v1/connections/deleted-1").status()).isEqualTo(404);
    }

    @Test
    void import_refusesBadInput_namingTheField_andStoresNothing() {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        ObjectNode unknownProvider = importBody("bad-1", grant, 3600).put("provider", "nope");
        ObjectNode badId = importBody("bad id!", grant, 3600);
        ObjectNode noAccessToken = importBody("bad-2", grant, 3600);
        ((ObjectNode) noAccessToken.get("credentials")).remove("access_token");
        ObjectNode badExpiry = importBody("bad-3", grant, 3600);
        ((ObjectNode) badExpiry.get("credentials")).put("expires_in", -5);
        ObjectNode unknownField = importBody("bad-4", grant, 3600).put("colour", "red");
        ObjectNode badMetadata = importBody("bad-5", grant, 3600);
        badMetadata.putObject("metadata").put("n", 5);

        assertProblem(service.api.post("/v1/connections", unknownProvider), 400, "provider");
        assertProblem(service.api.post("/v1/connections", badId), 400, "connection_id");
        assertProblem(service.api.post("/v1/connections", noAccessToken), 400, "credentials.access_token");
        assertProblem(service.api.post("/v1/connections", badExpiry), 400, "credentials.expires_in");
        assertProblem(service.api.post("/v1/connections", unknownField), 400, "colour");
        assertProblem(service.api.post("/v1/connections", badMetadata), 400, "metadata.n");
        for (String id : List.of("bad-1", "bad-2", "bad-3", "bad-4", "bad-5")) {
            assertThat(service.api.get("/v1/connections/" + id).status()).isEqualTo(404);
        }
    }

    @Test
    void import_answers409_andKeepsTheFirst_whenTheIdExists() {
        IssuedGrant first = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        IssuedGrant second = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID);
        service.api.post("/v1/connections", importBody("twice-1", first, 3600));

        Answer again = service.api.post("/v1/connections", importBody("twice-1", second, 3600));

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("code").asText()).isEqualTo("connection_exists");
        assertThat(service.api.post("/v1/connections/twice-1/token", null).json().path("access_token").asText())
                .isEqualTo(first.accessToken());
    }

    @Test
    void unknownConnection_answers404Problem() {
        Answer answer = service.api.post("/v1/connections/nobody/token", null);

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.json().path("code").asText()).isEqualTo("not_found");
        assertThat(answer.header("Tokenkeeper-Remote-Error")).isEqualTo("false");
    }

    static void assertProblem(Answer answer, int status, String field) {
        assertThat(answer.status()).as(answer.text()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.json().path("field").asText()).isEqualTo(field);
        assertThat(answer.json().path("detail").asText()).contains(field);
    }

    /** The import request of {@code grant} as connection {@code id}, its access token living {@code expiresIn} s. */
    public static ObjectNode importBody(String id, IssuedGrant grant, long expiresIn) {
        ObjectNode body = ApiClient.object();
        body.put("provider", TestService.PROVIDER);
        body.put("connection_id", id);
        ObjectNode credentials = body.putObject("credentials");
        credentials.put("access_token", grant.accessToken());
        credentials.put("refresh_token", grant.refreshToken());
        credentials.put("expires_in", expiresIn);
        body.putObject("metadata").put("customer", "c-1");
        return body;
    }
}
