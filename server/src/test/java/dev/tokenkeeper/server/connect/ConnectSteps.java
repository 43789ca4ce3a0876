package dev.tokenkeeper.server.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.TestService;
import dev.tokenkeeper.server.connect.Browser.Hop;
import dev.tokenkeeper.fake.FakeProvider;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The steps of the connect flow, each asserting what must hold on the way, against a {@link TestService} that this
 * extension starts before a test class's tests and stops after them.
 */
final class ConnectSteps implements BeforeAllCallback, AfterAllCallback {
    final Browser browser = new Browser();
    private final UnaryOperator<ProviderConfig.Builder> providerChange;
    private TestService service;

    /** Steps against a service with the fake provider's default config. */
    ConnectSteps() {
        this(UnaryOperator.identity());
    }

    /** Steps against a service with the fake provider's config changed by {@code providerChange}. */
    ConnectSteps(UnaryOperator<ProviderConfig.Builder> providerChange) {
        this.providerChange = providerChange;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        service = TestService.start(false, providerChange);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        service.close();
    }

    TestService service() {
        return service;
    }

    /** The service's fake provider. */
    FakeProvider provider() {
        return service.provider;
    }

    /** A client of the service's API, with the admin key. */
    ApiClient api() {
        return service.api;
    }

    /** A body for {@code POST /v1/connect-sessions} with the fake provider. */
    static ObjectNode body() {
        return ApiClient.object().put("provider", TestService.PROVIDER);
    }

    /** Starts a session; asserts the 201. */
    JsonNode start(ObjectNode body) {
        Answer created = service.api.post("/v1/connect-sessions", body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json();
    }

    /** The browser at the authorize URL: the fake provider approves and redirects to the callback. */
    Hop authorize(JsonNode session) {
        Hop authorize = browser.get(URI.create(session.path("authorize_url").asText()));
        assertThat(authorize.status()).as(authorize.body()).isEqualTo(302);
        assertThat(authorize.location().toString()).startsWith(callbackUrl().toString() + "?");
        return authorize;
    }

    /** The browser following the provider's redirect to Tokenkeeper's callback. */
    Hop callback(Hop authorize) {
        return browser.get(authorize.location());
    }

    /** The whole flow with a {@code redirect_after}; returns the connection id the final redirect names. */
    String connect(ObjectNode body) {
        Hop callback = callback(authorize(start(body.put("redirect_after", "https://app.example/done"))));
        assertThat(callback.status()).as(callback.body()).isEqualTo(303);
        return Browser.query(callback.location()).get("connection_id");
    }

    /** A fresh access token of the connection, served by Tokenkeeper; asserts the 200. */
    String token(String connectionId) {
        Answer token = service.api.post("/v1/connections/" + connectionId + "/token", null);
        assertThat(token.status()).as(token.text()).isEqualTo(200);
        return token.json().path("access_token").asText();
    }

    /** What the fake provider's {@code GET /me} says about an access token: its grant and subject. */
    JsonNode whoAmI(String accessToken) {
        Answer me = service.api.send(HttpRequest.newBuilder(service.provider.apiBaseUrl().resolve("/me"))
                .header("Authorization", "Bearer " + accessToken).GET());
        assertThat(me.status()).as("the provider accepts the token").isEqualTo(200);
        return me.json();
    }

    URI callbackUrl() {
        return service.tokenkeeper.parts().settings().callbackUrl();
    }

    /** The callback URL with these raw query parameters, as a browser (or an attacker) could send them. */
    URI callbackWith(String rawQuery) {
        return URI.create(callbackUrl() + "?" + rawQuery);
    }

    /** The session's code verifier, read from the database and decrypted as the callback would. */
    Secret storedVerifier(String sessionId) {
        byte[] ciphertext = database().withConnection(db -> {
            try (PreparedStatement select = db.prepareStatement(
                    "select code_verifier from connect_sessions where id = ?")) {
                select.setString(1, sessionId);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    return row.getBytes(1);
                }
            }
        });
        byte[] plain = service.tokenkeeper.parts().storage().cipher().decrypt(ciphertext,
                "connect_session:" + sessionId + ":code_verifier");
        return Secret.of(new String(plain, StandardCharsets.UTF_8));
    }

    /** How many connect sessions are stored. */
    long storedSessions() {
        return database().withConnection(db -> {
            try (PreparedStatement select = db.prepareStatement("select count(*) from connect_sessions");
                    ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        });
    }

    PostgresDatabase database() {
        return service.tokenkeeper.parts().storage().database();
    }
}
