package dev.tokenkeeper.server.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.port.TokenEndpointReply;
import dev.tokenkeeper.core.port.TokenRequest;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.provider.RevocationStyle;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.token.TokenSet;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a revocation sends for each style, and which answers count as revoked: a 2xx, unless its body says
 * {@code "ok": false} (Slack answers its failures with a 200).
 */
class RevocationAnswersTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final TokenSet TOKENS = new TokenSet(Secret.of("at-1"), Secret.of("rt-1"), null, NOW,
            NOW.plusSeconds(3600), List.of(), Map.of());

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            bearer  | 200 | `{"ok": true, "revoked": true}`          | true
            bearer  | 200 | `{"ok": false, "error": "invalid_auth"}` | false
            bearer  | 200 | `null`                                   | true
            json    | 200 | ``                                       | true
            rfc7009 | 204 | ``                                       | true
            rfc7009 | 400 | `{"error": "unsupported_token_type"}`    | false
            json    | 401 | `{"error": "invalid_client"}`            | false
            """)
    void attempt_sendsTheStylesShape_andReadsTheAnswer(String style, int status, String body, boolean revoked) {
        List<TokenRequest> sent = new ArrayList<>();
        Revocation revocation = new Revocation((request, deadline) -> {
            sent.add(request);
            return new TokenEndpointReply.HttpReply(status, Map.of(), body, NOW, Duration.ofMillis(5));
        }, Duration.ofSeconds(5));
        ProviderConfig provider = ProviderConfig.builder("p").tokenUrl(URI.create("https://p.example/token"))
                .revocationUrl(URI.create("https://p.example/revoke")).clientId("c").clientSecret(Secret.of("s"))
                .revocationStyle(RevocationStyle.fromWireName(style)).build();

        Revocation.Attempt attempt = revocation.attempt(provider, Revocation.tokenOf(provider, TOKENS),
                Revocation.hintOf(provider, TOKENS));

        assertThat(attempt.revoked()).isEqualTo(revoked);
        TokenRequest request = sent.getFirst();
        assertThat(request.shape().name()).isEqualTo(switch (style) {
            case "bearer" -> "BEARER";
            case "json" -> "JSON";
            default -> "FORM";
        });
        assertThat(request.secretParams().get("token").reveal()).isEqualTo(style.equals("bearer") ? "at-1" : "rt-1");
        assertThat(request.params().containsKey("token_type_hint")).isEqualTo(style.equals("rfc7009"));
    }
}
