package dev.tokenkeeper.core.token;

import static dev.tokenkeeper.core.token.TokenResponses.AUTO;
import static dev.tokenkeeper.core.token.TokenResponses.AUTO_TWO_HOURS_DEFAULT;
import static dev.tokenkeeper.core.token.TokenResponses.FORM;
import static dev.tokenkeeper.core.token.TokenResponses.JSON;
import static dev.tokenkeeper.core.token.TokenResponses.SECONDS;
import static dev.tokenkeeper.core.token.TokenResponses.lifetime;
import static dev.tokenkeeper.core.token.TokenResponses.parsed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.provider.TokenResponseSettings;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Bodies as real providers send them (tokens shortened), read with the settings a catalog entry would give. */
class RealWorldTokenResponsesTest {

    record Expected(Duration lifetime, List<String> notes, String tokenType, List<String> scopes,
            boolean refreshToken, List<String> rawKeys) {}

    record Response(String contentType, String body, TokenResponseSettings settings, Expected expected) {}

    static Stream<Named<Response>> providers() {
        return Stream.of(
                Named.of("Google", new Response(JSON, """
                        {"access_token":"ya29.a0AfB_byC","expires_in":3599,"refresh_token":"1//0gdXk",
                         "scope":"https://www.googleapis.com/auth/drive.readonly openid","token_type":"Bearer",
                         "id_token":"eyJhbGciOiJSUzI1NiJ9.e30.sig"}""", AUTO,
                        new Expected(Duration.ofSeconds(3599), List.of(), "Bearer",
                                List.of("https://www.googleapis.com/auth/drive.readonly", "openid"), true,
                                List.of("expires_in", "scope", "token_type", "id_token")))),
                Named.of("Salesforce, no expires_in", new Response(JSON, SALESFORCE, AUTO,
                        new Expected(null, List.of(), "Bearer", List.of("refresh_token", "api"), false,
                                List.of("signature", "instance_url", "id", "issued_at")))),
                Named.of("Salesforce with a default TTL", new Response(JSON, SALESFORCE, AUTO_TWO_HOURS_DEFAULT,
                        new Expected(Duration.ofHours(2), List.of("expiry_from_default_ttl"), "Bearer",
                                List.of("refresh_token", "api"), false, List.of("instance_url")))),
                Named.of("GitHub OAuth app, form-encoded", new Response(FORM,
                        "access_token=gho_16C7e42F292c6912E7710c838347Ae178B4a&scope=repo%2Cgist&token_type=bearer",
                        AUTO, new Expected(null, List.of(), "Bearer", List.of("repo", "gist"), false,
                                List.of("scope", "token_type")))),
                Named.of("GitHub App, expiring user token", new Response(FORM,
                        "access_token=ghu_16C7e42F&expires_in=28800&refresh_token=ghr_1B4a2e77&"
                                + "refresh_token_expires_in=15811200&scope=&token_type=bearer\n",
                        AUTO, new Expected(Duration.ofHours(8), List.of(), "Bearer", List.of(), true,
                                List.of("expires_in", "refresh_token_expires_in")))),
                Named.of("Slack v2, bot token", new Response(JSON, """
                        {"ok":true,"access_token":"xoxb-17653672481-19874698323-pdFZKVeTuE8","token_type":"bot",
                         "scope":"commands,incoming-webhook","bot_user_id":"U0KRQLJ9H","app_id":"A0KRD7HC3",
                         "team":{"name":"Slack Softball Team","id":"T9TK3CUKW"},"enterprise":null,
                         "authed_user":{"id":"U1234","scope":"chat:write","token_type":"user"}}""", AUTO,
                        new Expected(null, List.of(), "bot", List.of("commands", "incoming-webhook"), false,
                                List.of("ok", "bot_user_id", "team", "authed_user")))),
                Named.of("Slack with token rotation", new Response(JSON, """
                        {"ok":true,"access_token":"xoxe.xoxb-1-MS0y","expires_in":43200,
                         "refresh_token":"xoxe-1-My0xLTI","token_type":"bot","team":{"id":"T9TK3CUKW"}}""", AUTO,
                        new Expected(Duration.ofHours(12), List.of(), "bot", List.of(), true, List.of("team")))),
                Named.of("Microsoft identity platform v2", new Response(JSON, """
                        {"token_type":"Bearer","scope":"https://graph.microsoft.com/User.Read offline_access",
                         "expires_in":3599,"ext_expires_in":3599,"access_token":"eyJ0eXAiOiJKV1Qi",
                         "refresh_token":"AwABAAAAvPM1KaPlrEqdFSBzjqfTGAMxZGUTdM0t4B4"}""", AUTO,
                        new Expected(Duration.ofSeconds(3599), List.of(), "Bearer",
                                List.of("https://graph.microsoft.com/User.Read", "offline_access"), true,
                                List.of("ext_expires_in")))),
                Named.of("Microsoft v1, numbers as strings", new Response(JSON, """
                        {"token_type":"Bearer","expires_in":"3599","ext_expires_in":"3599","expires_on":"1772362799",
                         "not_before":"1772358900","resource":"https://graph.microsoft.com",
                         "access_token":"eyJ0eXAiOiJKV1Qi","refresh_token":"0.AXEA"}""", AUTO,
                        new Expected(Duration.ofSeconds(3599), List.of(), "Bearer", List.of(), true,
                                List.of("expires_on", "resource")))),
                Named.of("Facebook legacy, form with expires", new Response("text/plain; charset=UTF-8",
                        "access_token=EAABwzLixnjYBO&expires=5183999", AUTO,
                        new Expected(Duration.ofSeconds(5_183_999), List.of(), "Bearer", List.of(), false,
                                List.of("expires")))),
                Named.of("Facebook long-lived token", new Response(JSON,
                        "{\"access_token\":\"EAABwzLixnjYBO\",\"token_type\":\"bearer\",\"expires_in\":5183944}",
                        AUTO, new Expected(Duration.ofSeconds(5_183_944), List.of(), "Bearer", List.of(), false,
                                List.of("expires_in")))),
                Named.of("LinkedIn, 60 days in seconds", new Response(JSON, """
                        {"access_token":"AQUvlL_DYEzvT2wz","expires_in":5184000,"refresh_token":"AQWAft_WjYZKwuWX",
                         "refresh_token_expires_in":31536000,"scope":"r_basicprofile"}""", AUTO,
                        new Expected(Duration.ofDays(60), List.of(), "Bearer", List.of("r_basicprofile"), true,
                                List.of("refresh_token_expires_in")))),
                Named.of("Dropbox short-lived token", new Response(JSON, """
                        {"access_token":"sl.BjUFLwQ3","expires_in":14400,"token_type":"bearer",
                         "scope":"account_info.read files.content.read",
                         "account_id":"dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc","uid":"12345"}""", AUTO,
                        new Expected(Duration.ofHours(4), List.of(), "Bearer",
                                List.of("account_info.read", "files.content.read"), false,
                                List.of("account_id", "uid")))),
                Named.of("HubSpot", new Response(JSON, """
                        {"token_type":"bearer","refresh_token":"6f18f21e-a743-4509-b7fd-1a5e632fffa1",
                         "access_token":"CN2zlYnmLBICAQIYgZXFLyCWp1Yoy_9GMhkAgddk-zDc","expires_in":1800}""",
                        SECONDS, new Expected(Duration.ofMinutes(30), List.of(), "Bearer", List.of(), true,
                                List.of("expires_in")))));
    }

    private static final String SALESFORCE = """
            {"access_token":"00Dxx0000001gPL!AR8AQJXg","signature":"CMJ4l+CCaPQiKjoOEwEig9H4wqhpuLSk4J2urAe+fVg=",
             "scope":"refresh_token api","instance_url":"https://yourInstance.my.salesforce.com",
             "id":"https://login.salesforce.com/id/00Dxx0000001gPLEAY/005xx000001SwiUAAS","token_type":"Bearer",
             "issued_at":"1278448832702"}""";

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void readsTokensExpiryScopesAndExtraFields_whenProviderSendsItsUsualBody(Response response) {
        TokenParse.Parsed parsed = parsed(response.contentType(), response.body(), response.settings());

        Expected expected = response.expected();
        TokenSet tokens = parsed.tokens();
        assertThat(lifetime(parsed)).isEqualTo(expected.lifetime());
        assertThat(parsed.notes()).containsExactlyElementsOf(expected.notes());
        assertThat(tokens.tokenType()).isEqualTo(expected.tokenType());
        assertThat(tokens.scopes()).containsExactlyElementsOf(expected.scopes());
        assertThat(tokens.refreshTokenIfAny().isPresent()).as("has a refresh token").isEqualTo(expected.refreshToken());
        assertThat(tokens.raw()).containsKeys(expected.rawKeys().toArray(String[]::new))
                .doesNotContainKeys("access_token", "refresh_token");
        assertThat(tokens.accessToken().reveal()).isNotBlank();
    }
}
