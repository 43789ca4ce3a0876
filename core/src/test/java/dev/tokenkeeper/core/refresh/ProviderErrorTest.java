package dev.tokenkeeper.core.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProviderErrorTest {

    @Test
    void read_takesOAuthErrorAndDescription() {
        ProviderError error = ProviderError.read("application/json",
                "{\"error\":\"invalid_grant\",\"error_description\":\"Token has been expired or revoked.\"}");

        assertThat(error).isEqualTo(new ProviderError("invalid_grant", "Token has been expired or revoked.", null));
    }

    @Test
    void read_takesAadstsSubcode_fromMicrosoftDescription() {
        ProviderError error = ProviderError.read("application/json", """
                {"error":"invalid_grant","error_description":"AADSTS700082: The refresh token has expired due to \
                inactivity.\\r\\nTrace ID: 2d3e\\r\\n","error_codes":[700082],"timestamp":"2024-05-01 10:00:00Z"}""");

        assertThat(error.subcode()).isEqualTo("AADSTS700082");
        assertThat(error.description()).isEqualTo(
                "AADSTS700082: The refresh token has expired due to inactivity. Trace ID: 2d3e");
    }

    @Test
    void read_takesAadstsSubcode_fromErrorCodes_whenDescriptionHasNone() {
        ProviderError error = ProviderError.read(null, "{\"error\":\"invalid_grant\",\"error_codes\":[50173]}");

        assertThat(error.subcode()).isEqualTo("AADSTS50173");
    }

    @Test
    void read_takesSlackError() {
        assertThat(ProviderError.read(null, "{\"ok\":false,\"error\":\"invalid_auth\"}"))
                .isEqualTo(new ProviderError("invalid_auth", null, null));
    }

    @Test
    void read_takesGoogleStatusMessageAndReason() {
        ProviderError error = ProviderError.read("application/json", """
                {"error":{"code":401,"message":"Request had invalid authentication credentials.",
                 "status":"UNAUTHENTICATED","errors":[{"reason":"authError","domain":"global"}]}}""");

        assertThat(error).isEqualTo(new ProviderError("UNAUTHENTICATED",
                "Request had invalid authentication credentials.", "authError"));
    }

    @Test
    void read_takesGoogleReasonAsError_whenStatusIsMissing() {
        ProviderError error = ProviderError.read(null, "{\"error\":{\"errors\":[{\"reason\":\"rateLimitExceeded\"}]}}");

        assertThat(error).isEqualTo(new ProviderError("rateLimitExceeded", null, "rateLimitExceeded"));
    }

    @Test
    void read_takesTopLevelMessage() {
        assertThat(ProviderError.read(null, "{\"message\":\"Bad credentials\"}").description())
                .isEqualTo("Bad credentials");
    }

    @Test
    void read_takesFormEncodedError() {
        ProviderError error = ProviderError.read("application/x-www-form-urlencoded",
                "error=bad_verification_code&error_description=The+code+passed+is+incorrect+or+expired.");

        assertThat(error).isEqualTo(new ProviderError("bad_verification_code",
                "The code passed is incorrect or expired.", null));
    }

    @Test
    void read_takesHtmlTitle_whenBodyIsAPage() {
        ProviderError error = ProviderError.read("text/html",
                "<!DOCTYPE html><html><head><title>503 Service\n Unavailable</title></head><body>x</body></html>");

        assertThat(error).isEqualTo(new ProviderError(null, "503 Service Unavailable", null));
    }

    @Test
    void read_takesFirstLine_whenBodyIsText() {
        assertThat(ProviderError.read("text/plain", "\n  Bad Gateway\nupstream reset").description())
                .isEqualTo("Bad Gateway");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "  ", "[1,2]", "{}", "{\"error\":true}"})
    void read_findsNothing_whenBodyHoldsNoError(String body) {
        assertThat(ProviderError.read(null, body)).isEqualTo(ProviderError.NONE);
    }

    @Test
    void read_redactsTokens_inEveryField() {
        String token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl";
        ProviderError error = ProviderError.read(null, "{\"error\":\"" + token + "\",\"error_description\":"
                + "\"refresh_token=abc is bad: " + token + "\"}");

        assertThat(error).isEqualTo(
                new ProviderError("[REDACTED]", "refresh_token=[REDACTED] is bad: [REDACTED]", null));
    }

    @Test
    void read_staysBounded_whenBodyIsHuge() {
        String huge = "x".repeat(5_000_000);

        ProviderError error = ProviderError.read("text/plain", huge);

        assertThat(error.description()).hasSizeLessThanOrEqualTo(300);
    }

    @Test
    void read_treatsDeepJsonAsText_withoutFailing() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);

        assertThat(ProviderError.read("application/json", deep).error()).isNull();
    }
}
