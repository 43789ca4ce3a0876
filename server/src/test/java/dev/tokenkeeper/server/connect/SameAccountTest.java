package dev.tokenkeeper.server.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.core.provider.AccountSettings;
import dev.tokenkeeper.core.provider.WhoamiCheck;
import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.TestService;
import dev.tokenkeeper.server.connect.Browser.Hop;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import dev.tokenkeeper.fake.webhook.WebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A reconnect must bring back the same account where the provider can tell: through a reconnect link and the fake
 * provider's login ({@code login_hint} picks the account), the account subject is read from the whoami answer, an
 * id_token's {@code sub} or a token response field; another account is refused unless the config allows it.
 */
class SameAccountTest {
    @RegisterExtension
    static final ConnectSteps steps = new ConnectSteps();

    private static WebhookReceiver receiver;

    @BeforeAll
    static void listenToWebhooks() {
        receiver = WebhookReceiver.start();
        Answer endpoint = steps.api().post("/v1/webhook-endpoints", ApiClient.object()
                .put("url", receiver.url().toString()));
        assertThat(endpoint.status()).as(endpoint.text()).isEqualTo(201);
    }

    @AfterAll
    static void stopListening() {
        receiver.close();
    }

    @AfterEach
    void restoreConfig() {
        steps.provider().resetQuirks();
        configure(AccountSettings.DEFAULT);
    }

    @Test
    void aReconnectLink_bringsBackTheSameAccount_whenTheWhoamiSubjectMatches() {
        configure(new AccountSettings(null, "/sub", false));
        String id = connectAs("alice");
        assertThat(connection(id).path("account_subject").asText()).isEqualTo("alice");
        JsonNode link = link(id);

        Hop callback = reconnectAs(link, "alice");

        assertThat(callback.status()).as(callback.body()).isEqualTo(200);
        assertThat(callback.body()).contains("account is reconnected");
        assertThat(steps.browser.get(url(link)).status()).as("the link is used").isEqualTo(410);
        assertThat(connection(id).path("account_subject").asText()).isEqualTo("alice");
    }

    @Test
    void anotherAccount_isRefused_theConnectionKeepsItsGrant_andTheLinkStaysUsable() {
        configure(new AccountSettings(null, "/sub", false));
        String id = connectAs("alice");
        String tokenBefore = steps.token(id);
        JsonNode link = link(id);
        int revokedBefore = steps.provider().revokedGrants().size();

        Hop callback = reconnectAs(link, "bob");

        assertThat(callback.status()).as(callback.body()).isEqualTo(409);
        assertThat(callback.header("Content-Type")).startsWith("text/html");
        assertThat(callback.body()).contains("different account", "original account", "account_changed")
                .doesNotContain("alice", "bob");
        JsonNode error = session(link).path("error");
        assertThat(session(link).path("state").asText()).isEqualTo("failed");
        assertThat(error.path("code").asText()).isEqualTo("account_changed");
        assertThat(error.path("cause").asText()).isEqualTo("account_changed");
        assertThat(error.path("fix").asText()).contains("account.allow_change");
        assertThat(error.path("description").asText()).doesNotContain("alice", "bob");
        assertThat(connectFailed(id).path("reason").path("cause").asText()).isEqualTo("account_changed");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(receiver.received())
                .as("a connect.failed webhook about the connection").anySatisfy(received -> {
                    JsonNode event = ApiClient.MAPPER.readTree(received.body());
                    assertThat(event.path("type").asText()).isEqualTo("connect.failed");
                    assertThat(event.path("data").path("connection_id").asText()).isEqualTo(id);
                    assertThat(received.body()).contains("account_changed").doesNotContain("alice", "bob");
                }));
        assertThat(steps.token(id)).as("the old grant is kept").isEqualTo(tokenBefore);
        assertThat(steps.whoAmI(tokenBefore).path("sub").asText()).as("and still works").isEqualTo("alice");
        assertThat(connection(id).path("state").asText()).isEqualTo("active");
        assertThat(connection(id).path("account_subject").asText()).isEqualTo("alice");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(steps.provider().revokedGrants())
                .as("the other account's new grant is revoked").hasSize(revokedBefore + 1));
        assertThat(steps.browser.get(url(link)).status()).as("the link is not used").isEqualTo(302);
        assertThat(reconnectAs(link, "alice").status()).as("the original account still reconnects").isEqualTo(200);
    }

    @Test
    void anotherAccount_isRefused_withTheCodeInTheRedirect_whenTheLinkHasARedirectAfter() {
        configure(new AccountSettings(null, "/sub", false));
        String id = connectAs("carol");
        Answer created = steps.api().post("/v1/connections/" + id + "/reconnect-link",
                ApiClient.object().put("redirect_after", "https://app.example/back"));
        assertThat(created.status()).as(created.text()).isEqualTo(201);

        Hop callback = reconnectAs(created.json(), "dave");

        assertThat(callback.status()).as(callback.body()).isEqualTo(303);
        assertThat(Browser.query(callback.location())).containsEntry("status", "error")
                .containsEntry("code", "account_changed");
    }

    @Test
    void allowChange_acceptsAnotherAccount_andStoresItsSubject() {
        configure(new AccountSettings(null, "/sub", true));
        String id = connectAs("erin");

        Hop callback = reconnectAs(link(id), "frank");

        assertThat(callback.status()).as(callback.body()).isEqualTo(200);
        assertThat(connection(id).path("account_subject").asText()).isEqualTo("frank");
        assertThat(steps.whoAmI(steps.token(id)).path("sub").asText()).isEqualTo("frank");
    }

    @Test
    void theIdTokenSub_tellsTheAccount_withNoFieldConfigured() {
        configure(AccountSettings.DEFAULT);
        answerTokens(Map.of("id_token", idToken("google-123")));
        String id = connectAs("grace");
        assertThat(connection(id).path("account_subject").asText()).isEqualTo("google-123");
        JsonNode link = link(id);

        answerTokens(Map.of("id_token", idToken("google-456")));
        Hop refused = reconnectAs(link, "grace");
        answerTokens(Map.of("id_token", idToken("google-123")));
        Hop accepted = reconnectAs(link, "grace");

        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.body()).contains("different account");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
    }

    @Test
    void theTokenField_tellsTheAccount() {
        configure(new AccountSettings("/team/id", null, false));
        answerTokens(Map.of("team", Map.of("id", "T1", "name", "Acme")));
        String id = connectAs("heidi");
        assertThat(connection(id).path("account_subject").asText()).isEqualTo("T1");
        JsonNode link = link(id);

        answerTokens(Map.of("team", Map.of("id", "T2")));
        Hop refused = reconnectAs(link, "heidi");
        String refusedCode = session(link).path("error").path("code").asText();
        answerTokens(Map.of("team", Map.of("id", "T1")));
        Hop accepted = reconnectAs(link, "heidi");

        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refusedCode).isEqualTo("account_changed");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        assertThat(session(link).path("state").asText()).isEqualTo("completed");
    }

    @Test
    void aProviderThatCannotTell_acceptsAnyAccount() {
        configure(AccountSettings.DEFAULT);
        String id = connectAs("ivan");
        assertThat(connection(id).path("account_subject").isNull()).isTrue();

        Hop callback = reconnectAs(link(id), "judy");

        assertThat(callback.status()).as(callback.body()).isEqualTo(200);
        assertThat(steps.whoAmI(steps.token(id)).path("sub").asText()).isEqualTo("judy");
    }

    @Test
    void anImport_keepsTheSubjectItsCredentialsCarry() {
        configure(new AccountSettings("/team/id", null, false));
        ObjectNode body = ApiClient.object().put("provider", TestService.PROVIDER)
                .put("connection_id", "imp-" + UUID.randomUUID());
        body.putObject("credentials").put("access_token", "at-imported").put("refresh_token", "rt-imported")
                .put("expires_in", 3600).putObject("team").put("id", "T9");

        Answer created = steps.api().post("/v1/connections", body);

        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(connection(created.json().path("id").asText()).path("account_subject").asText()).isEqualTo("T9");
    }

    @Test
    void anAccountConfig_isShown_andABadPointerIsRefusedNamingTheField() {
        ObjectNode config = ApiClient.object().put("client_id", "c").put("token_url", "https://acme.example/token");
        config.putObject("account").put("token_field", "team/id");
        Answer refused = steps.api().put("/v1/providers/acme-account", config);
        config.putObject("account").put("whoami_field", "/id").put("allow_change", "yes");
        Answer refusedFlag = steps.api().put("/v1/providers/acme-account", config);
        config.putObject("account").put("token_field", "/team/id").put("allow_change", true);
        Answer saved = steps.api().put("/v1/providers/acme-account", config);

        assertThat(refused.status()).as(refused.text()).isEqualTo(400);
        assertThat(refused.text()).contains("account.token_field");
        assertThat(refusedFlag.status()).as(refusedFlag.text()).isEqualTo(400);
        assertThat(refusedFlag.text()).contains("account.allow_change");
        assertThat(saved.status()).as(saved.text()).isIn(200, 201);
        JsonNode account = steps.api().get("/v1/providers/acme-account").json().path("account");
        assertThat(account.path("token_field").asText()).isEqualTo("/team/id");
        assertThat(account.path("whoami_field").isNull()).isTrue();
        assertThat(account.path("allow_change").asBoolean()).isTrue();
        assertThat(steps.api().get("/v1/providers/slack").json().path("account").path("token_field").asText())
                .isEqualTo("/team/id");
    }

    /** Saves the fake provider's config with a whoami call ({@code GET /me}) and these account settings. */
    private static void configure(AccountSettings account) {
        steps.service().tokenkeeper.parts().providers().save(TestService.providerConfig(steps.provider())
                .whoami(new WhoamiCheck("GET", "/me")).account(account).build());
    }

    /** A new connection made through the connect flow, signing in at the provider as {@code subject}. */
    private static String connectAs(String subject) {
        JsonNode session = steps.start(ConnectSteps.body().put("redirect_after", "https://app.example/done"));
        Hop authorize = steps.browser.get(withLoginHint(URI.create(session.path("authorize_url").asText()), subject));
        assertThat(authorize.status()).as(authorize.body()).isEqualTo(302);
        Hop callback = steps.callback(authorize);
        assertThat(callback.status()).as(callback.body()).isEqualTo(303);
        return Browser.query(callback.location()).get("connection_id");
    }

    /** The browser opens the reconnect link, signs in at the provider as {@code subject}, and comes back. */
    private static Hop reconnectAs(JsonNode link, String subject) {
        Hop opened = steps.browser.get(url(link));
        assertThat(opened.status()).as(opened.body()).isEqualTo(302);
        Hop authorize = steps.browser.get(withLoginHint(opened.location(), subject));
        assertThat(authorize.status()).as(authorize.body()).isEqualTo(302);
        return steps.callback(authorize);
    }

    private static URI withLoginHint(URI authorize, String subject) {
        return URI.create(authorize + "&login_hint=" + subject);
    }

    private static JsonNode link(String connectionId) {
        Answer created = steps.api().post("/v1/connections/" + connectionId + "/reconnect-link", ApiClient.object());
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json();
    }

    private static URI url(JsonNode link) {
        return URI.create(link.path("url").asText());
    }

    /** The next token answer: a valid-looking grant with these extra fields (the fake's own tokens are not used). */
    private static void answerTokens(Map<String, Object> extra) {
        ObjectNode body = ApiClient.object().put("access_token", "at-" + UUID.randomUUID())
                .put("refresh_token", "rt-" + UUID.randomUUID()).put("token_type", "Bearer").put("expires_in", 3600);
        body.setAll((ObjectNode) ApiClient.MAPPER.valueToTree(extra));
        steps.provider().quirks().failNextTokenRequests(1, 200, Map.of("Content-Type", "application/json"),
                body.toString());
    }

    /** An unsigned-looking id_token whose payload names {@code sub} (the signature is not checked). */
    private static String idToken(String sub) {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        return encoder.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + encoder.encodeToString(("{\"iss\":\"https://accounts.example\",\"sub\":\"" + sub
                        + "\",\"email\":\"someone@example.com\"}").getBytes(StandardCharsets.UTF_8))
                + ".c2lnbmF0dXJl";
    }

    private static JsonNode connection(String id) {
        Answer answer = steps.api().get("/v1/connections/" + id);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.json();
    }

    /** The status of the last connect session started from the link. */
    private static JsonNode session(JsonNode link) {
        String sessionId = steps.database().withConnection(db -> {
            try (PreparedStatement select = db.prepareStatement("select s.session_id from reconnect_link_sessions s"
                    + " join connect_sessions c on c.id = s.session_id where s.link_id = ?"
                    + " order by c.created_at desc limit 1")) {
                select.setString(1, link.path("id").asText());
                try (ResultSet row = select.executeQuery()) {
                    assertThat(row.next()).isTrue();
                    return row.getString(1);
                }
            }
        });
        Answer answer = steps.api().get("/v1/connect-sessions/" + sessionId);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.json();
    }

    /** The connection's one {@code connect.failed} event. */
    private static JsonNode connectFailed(String id) {
        List<JsonNode> failed = new ArrayList<>();
        steps.api().get("/v1/connections/" + id + "/events").json().path("events").forEach(event -> {
            if ("connect.failed".equals(event.path("type").asText())) {
                failed.add(event);
            }
        });
        assertThat(failed).hasSize(1);
        return failed.getFirst();
    }
}
