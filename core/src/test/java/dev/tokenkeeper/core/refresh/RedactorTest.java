package dev.tokenkeeper.core.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedactorTest {

    static Stream<String> tokenShapes() {
        return Stream.of(
                "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlLXZhbHVl",
                "ya29.a0AfH6SMBx3kq9Zr0pLmN4oQ",
                "1//0gLq2Wk3n9bXyZ-AbCdEfGhIjKlMnOp",
                "xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp",
                "0123456789abcdef0123456789abcdef",
                "dGhpcyBpcyBhIHNlY3JldCB0b2tlbg==",
                "gho_16C7e42F292c6912E7710c838347Ae178B4a");
    }

    @ParameterizedTest
    @MethodSource("tokenShapes")
    void redactText_masksToken_whenEmbeddedInProse(String token) {
        String text = "The token " + token + " was revoked.";

        assertThat(Redactor.redactText(text)).isEqualTo("The token [REDACTED] was revoked.");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Maximum allowed refresh token reuse exceeded",
        "Token has been expired or revoked.",
        "AADSTS700082: The refresh token has expired due to inactivity.",
        "See https://login.microsoftonline.com/error for details",
        "Invalid authorization code",
        "internationalization_is_a_long_word",
        "points to 127.0.0.1, a loopback or private address (allowed only when TOKENKEEPER_ALLOW_PRIVATE_URLS=true)"})
    void redactText_keepsProse_whenNothingLooksLikeAToken(String prose) {
        assertThat(Redactor.redactText(prose)).isEqualTo(prose);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "refresh_token=short1&grant_type=refresh_token",
        "{\"access_token\": \"short1\", \"x\": 1}",
        "client_secret: 'short1'",
        "code=short1",
        "Authorization: Bearer short1",
        "password = short1"})
    void redactText_masksShortValues_whenNamedLikeSecrets(String text) {
        assertThat(Redactor.redactText(text)).doesNotContain("short1").contains(Redactor.MASK);
    }

    @Test
    void redactText_keepsOtherPairs_whenMaskingNamedSecret() {
        assertThat(Redactor.redactText("refresh_token=abc&grant_type=refresh_token&scope=read"))
                .isEqualTo("refresh_token=[REDACTED]&grant_type=refresh_token&scope=read");
    }

    @Test
    void redactText_masksBasicCredential_whenShort() {
        assertThat(Redactor.redactText("Authorization: Basic YTpi")).isEqualTo("Authorization: Basic [REDACTED]");
    }

    @ParameterizedTest
    @MethodSource("tokenShapes")
    void redactText_isIdempotent(String token) {
        String once = Redactor.redactText("access_token=" + token + " and " + token);

        assertThat(Redactor.redactText(once)).isEqualTo(once);
    }

    @Test
    void redactText_keepsOurOwnSettingNames_butStillMasksTheValueOfASecretOne() {
        assertThat(Redactor.redactText("TOKENKEEPER_API_KEY=short1 and TOKENKEEPER_KEYSET: short2"))
                .isEqualTo("TOKENKEEPER_API_KEY=[REDACTED] and TOKENKEEPER_KEYSET: short2");
        assertThat(Redactor.isSecretName("TOKENKEEPER_ALLOW_PRIVATE_URLS")).isFalse();
        assertThat(Redactor.isSecretName("TOKENKEEPER_API_KEY")).isTrue();
    }

    @Test
    void redactText_returnsNull_whenNull() {
        assertThat(Redactor.redactText(null)).isNull();
    }

    @Test
    void redactBody_masksSecretNamedFields_atAnyDepth() {
        String body = """
                {"access_token":"a1","refresh_token":"r1","expires_in":3600,
                 "nested":{"client_secret":"s1","authorization_code":123456,"ok":true},
                 "list":[{"id_token":"i1"}],"scope":"read write"}""";

        assertThat(Redactor.redactBody(body)).isEqualTo("{\"access_token\":\"[REDACTED]\",\"refresh_token\":"
                + "\"[REDACTED]\",\"expires_in\":3600,\"nested\":{\"client_secret\":\"[REDACTED]\","
                + "\"authorization_code\":\"[REDACTED]\",\"ok\":true},\"list\":[{\"id_token\":\"[REDACTED]\"}],"
                + "\"scope\":\"read write\"}");
    }

    @Test
    void redactBody_masksOpaqueStrings_inOtherFields() {
        String body = "{\"error_description\":\"bad grant 0123456789abcdef0123456789abcdef\"}";

        assertThat(Redactor.redactBody(body)).isEqualTo("{\"error_description\":\"bad grant [REDACTED]\"}");
    }

    @Test
    void redactBody_masksFormPairs_whenBodyIsAForm() {
        assertThat(Redactor.redactBody("access_token=a1&token_type=bearer&expires_in=3600"))
                .isEqualTo("access_token=[REDACTED]&token_type=bearer&expires_in=3600");
    }

    @Test
    void redactBody_redactsAsText_whenJsonIsBroken() {
        assertThat(Redactor.redactBody("{\"access_token\":\"a1\"")).isEqualTo("{\"access_token\":\"[REDACTED]\"");
    }

    @Test
    void cut_dropsTheTokenItCutThrough() {
        String text = "ok then 0123456789abcdef0123456789abcdef and more";

        assertThat(Redactor.cut(text, 12)).isEqualTo("ok then …");
        assertThat(Redactor.cut(text, 7)).isEqualTo("ok then…");
        assertThat(Redactor.cut(text, 100)).isEqualTo(text);
    }

    @Test
    void redactBody_cutsHugeBody_withoutLeavingATokenPrefix() {
        String token = "0123456789abcdef0123456789abcdef";
        String body = "x ".repeat(Redactor.MAX_BODY_CHARS / 2 - 5) + token + " tail";

        String redacted = Redactor.redactBody(body);

        assertThat(redacted).hasSizeLessThanOrEqualTo(Redactor.MAX_BODY_CHARS + 1).endsWith("x …")
                .doesNotContain("0123");
    }

    @Test
    void isSecretName_matchesCredentialNames_inAnyCase() {
        assertThat(Stream.of("access_token", "Refresh-Token", "client_secret", "PASSWORD", "code", "x-api-key",
                "apikey", "id_token")).allMatch(Redactor::isSecretName);
        assertThat(Stream.of("error", "error_description", "scope", "expires_in", "ok", "token_type", "error_codes"))
                .noneMatch(Redactor::isSecretName);
    }

    static Stream<Long> seeds() {
        return LongStream.rangeClosed(1, 40).boxed();
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void redactText_neverLetsGeneratedTokenThrough_inGeneratedText(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        String token = TokenGenerator.token(random);
        String text = TokenGenerator.surroundings(random) + token + TokenGenerator.surroundings(random);

        assertThat(Redactor.redactText(text)).doesNotContain(token);
    }
}
