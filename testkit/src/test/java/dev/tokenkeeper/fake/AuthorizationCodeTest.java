package dev.tokenkeeper.fake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.fake.OAuthClient.Reply;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AuthorizationCodeTest {
    private static final String REDIRECT = "https://app.example/callback?tenant=7";
    private static final String VERIFIER = "verifier-0123456789-abcdefghijklmnopqrstuvwxyz";

    private final ManualClock clock = new ManualClock();
    private final FakeProvider provider = FakeProvider.start(clock);
    private final OAuthClient client = new OAuthClient(provider);

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void authorize_redirectsWithCodeAndState_andCodeExchangesForWorkingTokens() {
        Map<String, String> callback = authorize(Map.of("scope", "read write", "login_hint", "alice"));

        Reply tokens = exchange(callback.get("code"), VERIFIER);

        assertThat(callback).containsEntry("state", "st-1").containsEntry("tenant", "7");
        assertThat(tokens.status()).isEqualTo(200);
        assertThat(tokens.text("refresh_token")).isNotNull();
        assertThat(tokens.text("scope")).isEqualTo("read write");
        Reply me = client.me(tokens.text("access_token"));
        assertThat(me.text("sub")).isEqualTo("alice");
        assertThat(provider.history()).singleElement()
                .returns("authorization_code", TokenRequestRecord::grantType)
                .returns(me.text("grant_id"), TokenRequestRecord::grantId);
    }

    @Test
    void exchange_answersInvalidGrant_whenVerifierIsWrong() {
        String code = authorize(Map.of()).get("code");

        Reply reply = exchange(code, VERIFIER.replace('v', 'w'));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.text("error")).isEqualTo("invalid_grant");
        assertThat(exchange(code, VERIFIER).text("error")).isEqualTo("invalid_grant");
    }

    @Test
    void secondExchange_failsAndRevokesTheGrantOfTheFirst_becauseCodesAreSingleUse() {
        String code = authorize(Map.of()).get("code");
        Reply first = exchange(code, VERIFIER);

        Reply second = exchange(code, VERIFIER);

        assertThat(second.text("error")).isEqualTo("invalid_grant");
        assertThat(provider.revokedGrants()).singleElement()
                .returns(RevocationReason.AUTHORIZATION_CODE_REUSE, GrantRevocation::reason);
        assertThat(client.me(first.text("access_token")).status()).isEqualTo(401);
    }

    @Test
    void exchange_answersInvalidGrant_whenCodeHasExpired() {
        String code = authorize(Map.of()).get("code");
        clock.advance(FakeProvider.CODE_LIFETIME);

        assertThat(exchange(code, VERIFIER).text("error")).isEqualTo("invalid_grant");
    }

    @Test
    void exchange_answersInvalidGrant_whenRedirectUriDiffers() {
        String code = authorize(Map.of()).get("code");

        Reply reply = client.token(OAuthClient.form("grant_type", "authorization_code", "code", code,
                "redirect_uri", "https://evil.example/callback", "code_verifier", VERIFIER));

        assertThat(reply.text("error")).isEqualTo("invalid_grant");
    }

    @Test
    void authorize_redirectsAccessDenied_whenDenialQuirkIsOn() {
        provider.quirks().denyAuthorization(true);

        Map<String, String> callback = authorize(Map.of());

        assertThat(callback).containsEntry("error", "access_denied").containsEntry("state", "st-1")
                .doesNotContainKey("code");
    }

    @Test
    void authorize_redirectsInvalidRequest_withoutS256Challenge() {
        Map<String, String> callback = authorize(Map.of("code_challenge_method", "plain"));

        assertThat(callback).containsEntry("error", "invalid_request").doesNotContainKey("code");
    }

    @Test
    void exchangesForTheSameSubject_joinOneGrant_andCapInvalidatesItsOldestRefreshToken() {
        provider.quirks().refreshTokenCap(2);
        Reply first = exchange(authorize(Map.of("login_hint", "bob")).get("code"), VERIFIER);
        Reply second = exchange(authorize(Map.of("login_hint", "bob")).get("code"), VERIFIER);
        Reply third = exchange(authorize(Map.of("login_hint", "bob")).get("code"), VERIFIER);

        String grantId = client.me(third.text("access_token")).text("grant_id");
        assertThat(client.me(first.text("access_token")).text("grant_id")).isEqualTo(grantId);
        assertThat(client.refresh(first.text("refresh_token")).text("error")).isEqualTo("invalid_grant");
        assertThat(client.refresh(second.text("refresh_token")).status()).isEqualTo(200);
        assertThat(client.refresh(third.text("refresh_token")).status()).isEqualTo(200);
        assertThat(provider.currentRefreshToken(grantId)).contains(third.text("refresh_token"));
        assertThat(provider.anyGrantRevoked()).isFalse();
    }

    @Test
    void theSignInPage_whenOn_asksForAUsername_andItsAllowIssuesACodeForThatSubject() {
        provider.signInPage(true);
        Map<String, String> query = request(Map.of("scope", "read", "login_hint", "alice\"><script>"));

        Reply page = OAuthClient.send(HttpRequest.newBuilder(authorizeUri(query)).build());
        Map<String, String> form = new HashMap<>(query);
        form.put("username", "carol");
        form.put("decision", "allow");
        Reply allowed = OAuthClient.send(OAuthClient.formRequest(provider.authorizationUrl(), form).build());

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("<form method=\"post\" action=\"/oauth/authorize\">")
                .contains("name=\"state\" value=\"st-1\"")
                .contains("<input id=\"username\" name=\"username\" value=\"alice&quot;&gt;&lt;script&gt;\"")
                .doesNotContain("<script>");
        assertThat(allowed.status()).isEqualTo(302);
        Map<String, String> callback = queryOf(URI.create(allowed.header("Location")));
        assertThat(callback).containsEntry("state", "st-1").containsKey("code");
        Reply tokens = exchange(callback.get("code"), VERIFIER);
        assertThat(client.me(tokens.text("access_token")).text("sub")).isEqualTo("carol");
    }

    @Test
    void theSignInPage_whenDenied_redirectsAccessDenied() {
        provider.signInPage(true);
        Map<String, String> form = new HashMap<>(request(Map.of()));
        form.put("username", "carol");
        form.put("decision", "deny");

        Reply denied = OAuthClient.send(OAuthClient.formRequest(provider.authorizationUrl(), form).build());

        assertThat(denied.status()).isEqualTo(302);
        assertThat(queryOf(URI.create(denied.header("Location")))).containsEntry("error", "access_denied")
                .containsEntry("state", "st-1").doesNotContainKey("code");
    }

    private Map<String, String> request(Map<String, String> overrides) {
        Map<String, String> query = new HashMap<>(Map.of("response_type", "code",
                "client_id", FakeProvider.DEFAULT_CLIENT_ID, "redirect_uri", REDIRECT, "state", "st-1",
                "code_challenge", challenge(VERIFIER), "code_challenge_method", "S256"));
        query.putAll(overrides);
        return query;
    }

    private URI authorizeUri(Map<String, String> query) {
        return URI.create(provider.authorizationUrl() + "?" + OAuthClient.encode(query));
    }

    private Map<String, String> authorize(Map<String, String> overrides) {
        URI uri = authorizeUri(request(overrides));
        Reply reply = OAuthClient.send(HttpRequest.newBuilder(uri).build());
        assertThat(reply.status()).isEqualTo(302);
        URI location = URI.create(reply.header("Location"));
        assertThat(location.toString()).startsWith("https://app.example/callback?");
        return queryOf(location);
    }

    private Reply exchange(String code, String verifier) {
        return client.token(OAuthClient.form("grant_type", "authorization_code", "code", code,
                "redirect_uri", REDIRECT, "code_verifier", verifier));
    }

    private static Map<String, String> queryOf(URI uri) {
        Map<String, String> params = new HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            String[] parts = pair.split("=", 2);
            params.put(parts[0], URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
        }
        return params;
    }

    private static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
