package dev.tokenkeeper.core.refresh;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenkeeper.core.port.TokenEndpointReply;
import dev.tokenkeeper.core.port.TokenRequest;
import dev.tokenkeeper.core.provider.BoundedJson;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.token.Secret;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Asks a provider's RFC 7662 token introspection endpoint whether a refresh token is still active: the request
 * ({@code token=…&token_type_hint=refresh_token} with the provider's client authentication) and the reading of the
 * answer, whose evidence never holds the token or the client secret.
 */
final class RefreshTokenIntrospection {
    /** How much of an unexpected answer's (redacted) body the evidence keeps. */
    private static final int MAX_EVIDENCE_BODY = 200;

    private RefreshTokenIntrospection() {}

    /** What the provider said about the refresh token, with evidence fit for the connection's stored error. */
    sealed interface Verdict {
        /** One sentence naming the endpoint and its answer, redacted. */
        String evidence();

        /** The introspection endpoint's HTTP status, or null when none came. */
        Integer status();

        /** The provider says the refresh token still works: sending it again is safe. */
        record Active(String evidence, Integer status) implements Verdict {}

        /** The provider says the refresh token no longer works (rotated away or revoked): the grant is lost. */
        record Inactive(String evidence, Integer status) implements Verdict {}

        /** No usable answer (an error, a timeout, no JSON, no time left, no endpoint): nothing is known. */
        record Unknown(String evidence, Integer status) implements Verdict {}
    }

    /** The introspection request for {@code refreshToken} at the provider's {@code introspection_url}. */
    static TokenRequest request(ProviderConfig provider, Secret refreshToken) {
        Objects.requireNonNull(provider.introspectionUrl(), "introspectionUrl");
        return new TokenRequest(provider.introspectionUrl(), null, Map.of("token", refreshToken),
                Map.of("token_type_hint", "refresh_token"), provider.clientId(), provider.clientSecret(),
                provider.clientAuth());
    }

    /** Reads the endpoint's answer: only a 200 JSON object with a boolean {@code active} is an answer. */
    static Verdict read(TokenRequest request, TokenEndpointReply reply) {
        String where = "token introspection (RFC 7662) at " + request.url();
        return switch (reply) {
            case TokenEndpointReply.TransportFailure failure -> new Verdict.Unknown(where + " failed: "
                    + scrub(request, failure.kind().name().toLowerCase(Locale.ROOT) + ": " + failure.message()), null);
            case TokenEndpointReply.HttpReply http -> readHttp(where, request, http);
        };
    }

    private static Verdict readHttp(String where, TokenRequest request, TokenEndpointReply.HttpReply http) {
        JsonNode active = http.status() == 200
                ? BoundedJson.readTree(http.body()).filter(JsonNode::isObject).map(body -> body.get("active"))
                        .orElse(null)
                : null;
        if (active != null && active.isBoolean()) {
            String evidence = where + " answered HTTP 200 with active=" + active.booleanValue();
            return active.booleanValue()
                    ? new Verdict.Active(evidence, http.status())
                    : new Verdict.Inactive(evidence, http.status());
        }
        String body = http.body().isBlank() ? "an empty body" : "the body " + scrub(request, http.body());
        String what = http.status() == 200 ? " without a boolean \"active\" field (" : " (";
        return new Verdict.Unknown(where + " answered HTTP " + http.status() + what + body + ")", http.status());
    }

    /** Provider text redacted, without anything this request sent as a secret, and cut short. */
    private static String scrub(TokenRequest request, String text) {
        String redacted = Redactor.redactBody(text);
        for (Secret secret : request.secretParams().values()) {
            redacted = redacted.replace(secret.reveal(), Redactor.MASK);
        }
        if (request.clientSecret() != null) {
            redacted = redacted.replace(request.clientSecret().reveal(), Redactor.MASK);
        }
        return Redactor.cut(redacted, MAX_EVIDENCE_BODY);
    }
}
