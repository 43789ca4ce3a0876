package dev.tokenkeeper.server.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.testkit.logs.StandardErrorCapture;
import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.TestService;
import dev.tokenkeeper.server.connect.Browser.Hop;
import java.net.URI;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The authorization-code flow end to end over real HTTP: Tokenkeeper, the fake provider and a browser. */
class ConnectFlowTest {
    @RegisterExtension
    static final ConnectSteps steps = new ConnectSteps();

    @Test
    void connect_createsAnActiveConnectionWhoseTokenTheProviderAccepts_andRedirectsToRedirectAfter() {
        JsonNode session = steps.start(ConnectSteps.body().put("redirect_after", "https://app.example/done?tenant=7")
                .set("metadata", ApiClient.object().put("customer", "c-1")));

        Hop authorize = steps.authorize(session);
        Map<String, String> returned = Browser.query(authorize.location());
        Hop callback = steps.callback(authorize);

        assertThat(returned).containsKeys("code", "state");
        assertThat(callback.status()).isEqualTo(303);
        URI target = callback.location();
        assertThat(target.getHost()).isEqualTo("app.example");
        assertThat(Browser.query(target)).containsEntry("tenant", "7").containsEntry("status", "connected");
        String id = Browser.query(target).get("connection_id");
        JsonNode connection = steps.api().get("/v1/connections/" + id).json();
        assertThat(connection.path("state").asText()).isEqualTo("active");
        assertThat(connection.path("provider").asText()).isEqualTo(TestService.PROVIDER);
        assertThat(connection.path("has_refresh_token").asBoolean()).isTrue();
        assertThat(connection.path("metadata").path("customer").asText()).isEqualTo("c-1");
        assertThat(eventTypes(id)).containsExactly("connection.created");
        assertThat(steps.whoAmI(steps.token(id)).path("grant_id").asText()).startsWith("grant-");
    }

    @Test
    void connect_createsTheConnectionUnderTheChosenId_whenTheIdIsNotTakenYet() {
        JsonNode session = steps.start(ConnectSteps.body().put("connection_id", "customer-42-fake")
                .set("metadata", ApiClient.object().put("customer", "c-42")));

        Hop callback = steps.callback(steps.authorize(session));

        assertThat(session.path("connection_id").asText()).isEqualTo("customer-42-fake");
        assertThat(connectionIdOn(callback)).isEqualTo("customer-42-fake");
        JsonNode connection = steps.api().get("/v1/connections/customer-42-fake").json();
        assertThat(connection.path("state").asText()).isEqualTo("active");
        assertThat(connection.path("metadata").path("customer").asText()).isEqualTo("c-42");
        assertThat(eventTypes("customer-42-fake")).containsExactly("connection.created");
    }

    @Test
    void connect_showsASuccessPage_whenTheSessionHasNoRedirectAfter() {
        Hop callback = steps.callback(steps.authorize(steps.start(ConnectSteps.body())));

        assertThat(callback.status()).isEqualTo(200);
        assertThat(callback.header("Content-Type")).startsWith("text/html");
        assertThat(callback.header("Cache-Control")).isEqualTo("no-store");
        assertThat(callback.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(callback.body()).contains("<h1>Connected</h1>", "account is connected");
        String id = connectionIdOn(callback);
        assertThat(steps.api().get("/v1/connections/" + id).json().path("state").asText()).isEqualTo("active");
    }

    @Test
    void reconnect_reactivatesTheSameConnectionWithNewTokens_whenItNeedsReauth() {
        String id = steps.connect(ConnectSteps.body().set("authorization_params",
                ApiClient.object().put("login_hint", "alice@example.com")));
        String oldToken = steps.token(id);
        steps.provider().revokeGrant(steps.whoAmI(oldToken).path("grant_id").asText());
        Answer refresh = steps.api().post("/v1/connections/" + id + "/refresh", null);
        assertThat(refresh.status()).isEqualTo(409);
        assertThat(refresh.json().path("code").asText()).isEqualTo("needs_reauth");

        JsonNode session = steps.start(ConnectSteps.body().put("connection_id", id).set("authorization_params",
                ApiClient.object().put("login_hint", "alice@example.com")));
        Hop callback = steps.callback(steps.authorize(session));

        assertThat(session.path("connection_id").asText()).isEqualTo(id);
        assertThat(callback.status()).as(callback.body()).isEqualTo(200);
        assertThat(callback.body()).contains("account is reconnected");
        JsonNode connection = steps.api().get("/v1/connections/" + id).json();
        assertThat(connection.path("state").asText()).isEqualTo("active");
        assertThat(connection.path("last_error").isNull()).isTrue();
        assertThat(eventTypes(id)).endsWith("connection.needs_reauth", "connection.reactivated");
        String newToken = steps.token(id);
        assertThat(newToken).isNotEqualTo(oldToken);
        assertThat(steps.whoAmI(newToken).path("sub").asText()).isEqualTo("alice@example.com");
    }

    @Test
    void callback_refusesTheSecondUse_andChangesNothing_whenTheSameCallbackIsReplayed() {
        Hop authorize = steps.authorize(steps.start(ConnectSteps.body()));
        Hop first = steps.callback(authorize);
        long tokenRequests = steps.provider().tokenRequestCount();
        long connections = connectionCount();

        Hop replay = steps.callback(authorize);

        assertThat(first.status()).isEqualTo(200);
        assertThat(replay.status()).isEqualTo(400);
        assertThat(replay.body()).contains("This link was already used", "session_used");
        assertThat(steps.provider().tokenRequestCount()).as("the code is not exchanged again").isEqualTo(tokenRequests);
        assertThat(connectionCount()).isEqualTo(connections);
        // A reused code would have made the provider revoke the grant (RFC 6749 §4.1.2): its token still works.
        steps.whoAmI(steps.token(connectionIdOn(first)));
    }

    @Test
    void callback_saysTheLinkExpired_andExchangesNothing_whenTheSessionRanOut() {
        JsonNode session = steps.start(ConnectSteps.body());
        Hop authorize = steps.authorize(session);
        steps.database().withConnection(db -> {
            try (PreparedStatement expire = db.prepareStatement("update connect_sessions set created_at = now()"
                    + " - interval '20 minutes', expires_at = now() - interval '10 minutes' where id = ?")) {
                expire.setString(1, session.path("id").asText());
                return expire.executeUpdate();
            }
        });
        long tokenRequests = steps.provider().tokenRequestCount();

        Hop callback = steps.callback(authorize);

        assertThat(callback.status()).isEqualTo(400);
        assertThat(callback.body()).contains("This link has expired", "session_expired");
        assertThat(steps.provider().tokenRequestCount()).isEqualTo(tokenRequests);
    }

    @Test
    void callback_showsAccessDenied_andCreatesNothing_whenTheUserDeclines() {
        long connections = connectionCount();
        steps.provider().quirks().denyAuthorization(true);
        Hop authorize;
        try {
            authorize = steps.authorize(steps.start(ConnectSteps.body()));
        } finally {
            steps.provider().quirks().denyAuthorization(false);
        }

        Hop callback = steps.callback(authorize);

        assertThat(Browser.query(authorize.location())).containsEntry("error", "access_denied");
        assertThat(callback.status()).isEqualTo(403);
        assertThat(callback.header("Content-Type")).startsWith("text/html");
        assertThat(callback.body()).contains("Access was not granted", "approve the access");
        assertThat(connectionCount()).isEqualTo(connections);
    }

    @Test
    void callback_escapesWhatTheProviderSays_inTheErrorPage() {
        JsonNode session = steps.start(ConnectSteps.body());
        String state = Browser.query(URI.create(session.path("authorize_url").asText())).get("state");

        Hop callback = steps.browser.get(steps.callbackWith("state=" + state + "&error=access_denied"
                + "&error_description=%3Cscript%3Ealert(%27x%27)%3C%2Fscript%3E%20%26%20more"));

        assertThat(callback.status()).isEqualTo(403);
        assertThat(callback.body()).doesNotContain("<script>")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more");
        assertThat(callback.header("Content-Security-Policy")).contains("default-src 'none'");
    }

    @Test
    void callback_answersA400Page_withoutAnApiKey_whenTheStateIsMissingOrUnknown() {
        Hop missing = steps.browser.get(steps.callbackUrl());
        Hop unknown = steps.browser.get(steps.callbackWith("state=forged-state&code=some-code"));

        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body()).contains("This link is incomplete", "missing_state");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.header("Content-Type")).startsWith("text/html");
        assertThat(unknown.body()).contains("This link is not valid", "unknown_state");
    }

    @Test
    void callback_sendsTheSessionsCodeVerifier_soTheProviderRefusesACodeFromAnotherSession() {
        Hop authorizedA = steps.authorize(steps.start(ConnectSteps.body()));
        JsonNode sessionB = steps.start(ConnectSteps.body());
        String codeA = Browser.query(authorizedA.location()).get("code");
        String stateB = Browser.query(URI.create(sessionB.path("authorize_url").asText())).get("state");
        long connections = connectionCount();

        Hop callback = steps.browser.get(steps.callbackWith("state=" + stateB + "&code=" + codeA));

        assertThat(callback.status()).isEqualTo(400);
        assertThat(callback.body()).contains("The provider refused the authorization", "code_refused",
                "PKCE verification failed");
        assertThat(steps.provider().history().getLast().error()).isEqualTo("invalid_grant");
        assertThat(connectionCount()).isEqualTo(connections);
    }

    @Test
    void noPageAnswerOrLog_showsTheStateCodeVerifierOrTokens() {
        List<String> seen = new ArrayList<>();
        String logs;
        Secret verifier;
        String state;
        String code;
        String id;
        try (StandardErrorCapture stderr = new StandardErrorCapture()) {
            Answer created = steps.api().post("/v1/connect-sessions", ConnectSteps.body());
            JsonNode session = created.json();
            verifier = steps.storedVerifier(session.path("id").asText());
            Hop authorize = steps.authorize(session);
            state = Browser.query(authorize.location()).get("state");
            code = Browser.query(authorize.location()).get("code");
            Hop callback = steps.callback(authorize);
            Hop replay = steps.callback(authorize);
            id = connectionIdOn(callback);
            seen.addAll(List.of(created.text(), callback.body(), replay.body(),
                    steps.api().get("/v1/connections/" + id).text(),
                    steps.api().get("/v1/connections/" + id + "/events").text()));
            logs = stderr.text();
        }
        String accessToken = steps.token(id);
        String grantId = steps.whoAmI(accessToken).path("grant_id").asText();
        String refreshToken = steps.provider().currentRefreshToken(grantId).orElseThrow();

        assertThat(seen).allSatisfy(text -> assertThat(text).doesNotContain(verifier.reveal(), code, accessToken,
                refreshToken));
        assertThat(seen.subList(1, seen.size())).allSatisfy(text -> assertThat(text).doesNotContain(state));
        assertThat(logs).contains("event=created").doesNotContain(verifier.reveal(), state, code, accessToken,
                refreshToken);
    }

    private static List<String> eventTypes(String id) {
        List<String> types = new ArrayList<>();
        steps.api().get("/v1/connections/" + id + "/events").json().path("events")
                .forEach(event -> types.add(event.path("type").asText()));
        return types;
    }

    /** The connection id a success page names. */
    private static String connectionIdOn(Hop successPage) {
        assertThat(successPage.status()).as(successPage.body()).isEqualTo(200);
        return successPage.body().replaceAll("(?s).*Connection: ([A-Za-z0-9._:-]+).*", "$1");
    }

    private static long connectionCount() {
        return steps.api().get("/v1/connections?limit=1000").json().path("connections").size();
    }
}
