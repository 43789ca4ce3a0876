package dev.tokenkeeper.core.token;

import static dev.tokenkeeper.core.token.TokenResponses.AUTO;
import static dev.tokenkeeper.core.token.TokenResponses.FORM;
import static dev.tokenkeeper.core.token.TokenResponses.JSON;
import static dev.tokenkeeper.core.token.TokenResponses.parsed;
import static dev.tokenkeeper.core.token.TokenResponses.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TokenResponseParserTest {
    /** Stands for a token value: it must never reach a rejection message. */
    private static final String CANARY = "tk-canary-9f2c41";

    static Stream<Arguments> rejectedBodies() {
        return Stream.of(
                Arguments.of(JSON, "", "unparsable"),
                Arguments.of(JSON, " \n\t", "unparsable"),
                Arguments.of(null, null, "unparsable"),
                Arguments.of("text/html", "<html><body>Bad gateway a=b</body></html>", "unparsable"),
                Arguments.of("text/plain", "Service Unavailable", "unparsable"),
                Arguments.of(JSON, "[{\"access_token\":\"" + CANARY + "\"}]", "unparsable"),
                Arguments.of(JSON, "\"" + CANARY + "\"", "unparsable"),
                Arguments.of(JSON, "{\"access_token\":\"" + CANARY + "\"", "unparsable"),
                Arguments.of(JSON, "{\"access_token\":\"" + CANARY + "\"} trailing", "unparsable"),
                Arguments.of(JSON, "{\"access_token\":\"" + CANARY + "\"}{\"error\":\"x\"}", "unparsable"),
                Arguments.of(JSON, "{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}", "unparsable"),
                Arguments.of(JSON, "{\"access_token\":\"x\",\"n\":" + "9".repeat(101) + "}", "unparsable"),
                Arguments.of(JSON, "{\"error\":\"invalid_grant\",\"access_token\":\"" + CANARY + "\"}", "error_body"),
                Arguments.of(JSON, "{\"error\":{\"code\":\"InvalidAuthenticationToken\"}}", "error_body"),
                Arguments.of(JSON, "{\"error\":401,\"access_token\":\"" + CANARY + "\"}", "error_body"),
                Arguments.of(JSON, "{\"ok\":false,\"error\":\"invalid_code\"}", "error_body"),
                Arguments.of(JSON, "{\"ok\":false,\"access_token\":\"" + CANARY + "\"}", "error_body"),
                Arguments.of(JSON, "{\"ok\":\"false\",\"access_token\":\"" + CANARY + "\"}", "error_body"),
                Arguments.of(JSON, """
                        {"error":"invalid_grant","error_description":"AADSTS70008: The provided authorization code \
                        or refresh token has expired due to inactivity.","error_codes":[70008],\
                        "trace_id":"0d1b","correlation_id":"5a77"}""", "error_body"),
                Arguments.of(FORM, "error=bad_verification_code&error_description=The+code+passed+is+incorrect"
                        + "+or+expired.&error_uri=https%3A%2F%2Fdocs.github.com", "error_body"),
                Arguments.of(JSON, "{\"token_type\":\"Bearer\",\"expires_in\":3600}", "missing_access_token"),
                Arguments.of(JSON, "{\"access_token\":null}", "missing_access_token"),
                Arguments.of(JSON, "{\"access_token\":\"   \"}", "missing_access_token"),
                Arguments.of(JSON, "{\"access_token\":12345678}", "missing_access_token"),
                Arguments.of(JSON, "{\"access_token\":[\"" + CANARY + "\"]}", "missing_access_token"),
                Arguments.of(JSON, "{\"access_token\":\"" + CANARY + "\\r\\nX-Injected: 1\"}",
                        "missing_access_token"),
                Arguments.of(FORM, "access_token=" + CANARY + "%0D%0AX-Injected:+1", "missing_access_token"),
                Arguments.of(FORM, "token_type=bearer&scope=repo", "missing_access_token"));
    }

    @ParameterizedTest
    @MethodSource("rejectedBodies")
    void rejectsWithCodeAndTokenFreeMessage_whenBodyIsNotATokenResponse(String contentType, String body, String code) {
        TokenParse.Rejected rejected = rejected(contentType, body);

        assertThat(rejected.code()).isEqualTo(code);
        assertThat(rejected.message()).isNotBlank().doesNotContain(CANARY);
    }

    @Test
    void rejectsAsUnparsable_whenBodyIsLongerThanOneMebibyte() {
        String body = "{\"access_token\":\"" + CANARY + "\",\"pad\":\"" + "x".repeat(TokenResponseParser.MAX_BODY_CHARS)
                + "\"}";

        assertThat(rejected(JSON, body).code()).isEqualTo("unparsable");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"access_token\":\"at\",\"error\":null}", "{\"access_token\":\"at\",\"error\":\"\"}",
            "{\"access_token\":\"at\",\"error\":false}", "{\"access_token\":\"at\",\"ok\":true}"})
    void acceptsTokens_whenErrorFieldIsEmptyOrOkIsTrue(String body) {
        assertThat(parsed(body).tokens().accessToken().reveal()).isEqualTo("at");
    }

    @ParameterizedTest
    @ValueSource(strings = {FORM, "application/json", "text/plain", ""})
    void readsFormBody_whateverTheContentTypeSays(String contentType) {
        TokenParse.Parsed parsed = parsed(contentType, "access_token=gho_abc&token_type=bearer&scope=repo", AUTO);

        assertThat(parsed.tokens().accessToken().reveal()).isEqualTo("gho_abc");
        assertThat(parsed.tokens().scopes()).containsExactly("repo");
    }

    @ParameterizedTest
    @ValueSource(strings = {FORM, "application/json", "text/javascript", "application/vnd.api+json"})
    void readsJsonBody_whateverTheContentTypeSays(String contentType) {
        assertThat(parsed(contentType, "{\"access_token\":\"at\"}", AUTO).tokens().accessToken().reveal())
                .isEqualTo("at");
    }

    @Test
    void readsBody_whenItStartsWithAByteOrderMark() {
        assertThat(parsed("\uFEFF{\"access_token\":\"at\"}").tokens().accessToken().reveal()).isEqualTo("at");
    }

    @Test
    void stripsWhiteSpaceAroundTokens_whenProviderPadsThem() {
        TokenSet tokens = parsed("{\"access_token\":\" at \\n\",\"refresh_token\":\"\\trt \"}").tokens();

        assertThat(tokens.accessToken().reveal()).isEqualTo("at");
        assertThat(tokens.refreshToken().reveal()).isEqualTo("rt");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\"", "\"  \"", "null"})
    void treatsRefreshTokenAsAbsentWithoutNote_whenBlankOrNull(String refreshToken) {
        TokenParse.Parsed parsed = parsed("{\"access_token\":\"at\",\"refresh_token\":" + refreshToken + "}");

        assertThat(parsed.tokens().refreshTokenIfAny()).isEmpty();
        assertThat(parsed.notes()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"42", "{\"value\":\"rt\"}", "[\"rt\"]", "true", "\"rt\\u0000\""})
    void ignoresRefreshTokenWithNote_whenItIsNotAUsableString(String refreshToken) {
        TokenParse.Parsed parsed = parsed("{\"access_token\":\"at\",\"refresh_token\":" + refreshToken + "}");

        assertThat(parsed.tokens().refreshTokenIfAny()).isEmpty();
        assertThat(parsed.notes()).containsExactly("refresh_token_invalid");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bearer", "BEARER", "Bearer", "bEaReR", ""})
    void normalizesTokenTypeToBearer_whenAnyCaseOfBearerOrBlank(String tokenType) {
        assertThat(parsed("{\"access_token\":\"at\",\"token_type\":\"" + tokenType + "\"}").tokens().tokenType())
                .isEqualTo("Bearer");
    }

    @Test
    void keepsOtherTokenTypes_whenNotBearer() {
        assertThat(parsed("{\"access_token\":\"at\",\"token_type\":\"mac\"}").tokens().tokenType()).isEqualTo("mac");
    }

    @Test
    void ignoresTokenTypeWithNote_whenItIsNotAString() {
        TokenParse.Parsed parsed = parsed("{\"access_token\":\"at\",\"token_type\":7}");

        assertThat(parsed.tokens().tokenType()).isEqualTo("Bearer");
        assertThat(parsed.notes()).containsExactly("token_type_invalid");
    }

    static Stream<Arguments> scopeForms() {
        return Stream.of(
                Arguments.of("\"read write\"", List.of("read", "write")),
                Arguments.of("\"read,write\"", List.of("read", "write")),
                Arguments.of("\" read, write  read \"", List.of("read", "write")),
                Arguments.of("[\"read\",\"write\"]", List.of("read", "write")),
                Arguments.of("[]", List.of()),
                Arguments.of("\"\"", List.of()),
                Arguments.of("null", List.of()));
    }

    @ParameterizedTest
    @MethodSource("scopeForms")
    void splitsScopes_whenGivenAsSeparatedStringOrArray(String scope, List<String> scopes) {
        TokenParse.Parsed parsed = parsed("{\"access_token\":\"at\",\"scope\":" + scope + "}");

        assertThat(parsed.tokens().scopes()).containsExactlyElementsOf(scopes);
        assertThat(parsed.notes()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"42", "{\"read\":true}", "[\"read\",1,null]"})
    void keepsStringScopesWithNote_whenScopeHoldsOtherKinds(String scope) {
        TokenParse.Parsed parsed = parsed("{\"access_token\":\"at\",\"scope\":" + scope + "}");

        assertThat(parsed.notes()).containsExactly("scope_invalid");
        assertThat(parsed.tokens().scopes()).isSubsetOf("read");
    }

    @Test
    void keepsEveryOtherFieldInRaw_whenResponseHasExtraFields() {
        Map<String, Object> raw = parsed("""
                {"access_token":"at","refresh_token":"rt","instance_url":"https://eu1.salesforce.com",
                 "nested":{"list":[1,2.5,"x",null,true]},"big":123456789012345678901234567890,
                 "nothing":null}""").tokens().raw();

        assertThat(raw).containsOnlyKeys("instance_url", "nested", "big");
        assertThat(raw.get("nested")).isEqualTo(Map.of("list", Arrays.asList(1L, 2.5, "x", null, true)));
        assertThat(raw.get("big")).isEqualTo(new BigInteger("123456789012345678901234567890"));
    }

    @Test
    void takesLastValue_whenJsonKeyIsDuplicated() {
        TokenSet tokens = parsed("{\"access_token\":\"first\",\"access_token\":\"second\",\"x\":1,\"x\":2}").tokens();

        assertThat(tokens.accessToken().reveal()).isEqualTo("second");
        assertThat(tokens.raw()).containsEntry("x", 2L);
    }

    @Test
    void decodesPercentEscapesLeniently_whenFormHasAMalformedEscape() {
        TokenSet tokens = parsed(FORM, "access_token=a%2Bb&state=100%&note=a+b", AUTO).tokens();

        assertThat(tokens.accessToken().reveal()).isEqualTo("a+b");
        assertThat(tokens.raw()).containsEntry("state", "100%").containsEntry("note", "a b");
    }
}
