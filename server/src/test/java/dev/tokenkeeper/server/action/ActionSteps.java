package dev.tokenkeeper.server.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.core.action.ActionStore;
import dev.tokenkeeper.postgres.action.PostgresActionStore;
import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.TestService;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The steps of an action's life against a {@link TestService}, each asserting what must hold on the way. */
final class ActionSteps {
    /** A generous bound: the machine may be busy. */
    static final Duration WAIT = Duration.ofSeconds(60);

    private final TestService service;
    private final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();

    ActionSteps(TestService service) {
        this.service = service;
    }

    ApiClient api() {
        return service.api;
    }

    /** The service's action store, for what only a runner does (claims). */
    ActionStore store() {
        var storage = service.tokenkeeper.parts().storage();
        return new PostgresActionStore(storage.database(), storage.cipher());
    }

    /** Imports a connection of {@code providerKey} with a new grant at the fake provider. */
    IssuedGrant connection(String id, String providerKey) {
        IssuedGrant grant = service.provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID, "read");
        ObjectNode body = ApiClient.object().put("provider", providerKey).put("connection_id", id);
        body.putObject("credentials").put("access_token", grant.accessToken())
                .put("refresh_token", grant.refreshToken()).put("expires_in", 3600);
        Answer created = service.api.post("/v1/connections", body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return grant;
    }

    /** Revokes the grant at the provider and lets a refresh find it out: the connection is needs_reauth. */
    void makeStale(String connectionId, IssuedGrant grant) {
        service.provider.revokeGrant(grant.grantId());
        Answer refreshed = service.api.post("/v1/connections/" + connectionId + "/refresh", null);
        assertThat(refreshed.status()).as(refreshed.text()).isEqualTo(409);
        assertThat(connectionState(connectionId)).isEqualTo("needs_reauth");
    }

    String connectionState(String connectionId) {
        return service.api.get("/v1/connections/" + connectionId).json().path("state").asText();
    }

    /** Reconnects through a reconnect link and the fake provider's login as the same subject; asserts it is active. */
    void reconnect(String connectionId, IssuedGrant grant) {
        Answer link = service.api.post("/v1/connections/" + connectionId + "/reconnect-link", ApiClient.object());
        assertThat(link.status()).as(link.text()).isEqualTo(201);
        HttpResponse<String> opened = open(URI.create(link.json().path("url").asText()));
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(302);
        URI authorize = URI.create(opened.headers().firstValue("Location").orElseThrow() + "&login_hint="
                + grant.subject());
        HttpResponse<String> approved = open(authorize);
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(302);
        HttpResponse<String> callback = open(authorize.resolve(approved.headers().firstValue("Location")
                .orElseThrow()));
        assertThat(callback.statusCode()).as(callback.body()).isEqualTo(200);
        assertThat(connectionState(connectionId)).isEqualTo("active");
    }

    private HttpResponse<String> open(URI uri) {
        try {
            return browser.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A {@code POST /v1/actions} body. */
    static ObjectNode action(String connectionId, String method, String path) {
        return ApiClient.object().put("connection_id", connectionId).put("method", method).put("path", path);
    }

    /** Creates an action; asserts the 202. */
    JsonNode create(ObjectNode body) {
        Answer created = service.api.post("/v1/actions", body);
        assertThat(created.status()).as(created.text()).isEqualTo(202);
        return created.json();
    }

    JsonNode get(String actionId) {
        Answer answer = service.api.get("/v1/actions/" + actionId);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.json();
    }

    /** Waits until the action is in {@code state}; answers it. */
    JsonNode awaitState(String actionId, String state) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> get(actionId),
                action -> action.path("state").asText().equals(state));
    }

    /** Every action of the connection, in creation order (all pages). */
    List<JsonNode> list(String connectionId) {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        do {
            Answer page = service.api.get("/v1/actions?connection_id=" + connectionId + "&limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).as(page.text()).isEqualTo(200);
            page.json().path("actions").forEach(all::add);
            cursor = page.json().path("next_cursor").isNull() ? null : page.json().path("next_cursor").asText();
        } while (cursor != null);
        return all;
    }
}
