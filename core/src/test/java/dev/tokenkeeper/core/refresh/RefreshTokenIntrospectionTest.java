package dev.tokenkeeper.core.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.port.TokenEndpointReply;
import dev.tokenkeeper.core.port.TokenRequest;
import dev.tokenkeeper.core.provider.ClientAuth;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.refresh.RefreshTokenIntrospection.Verdict;
import dev.tokenkeeper.core.token.Secret;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RefreshTokenIntrospectionTest {
    private static final String REFRESH_TOKEN = "rt_Sup3rSecretRefreshValue";
    private static final String CLIENT_SECRET = "cs-very-secret";
    private static final ProviderConfig PROVIDER = ProviderConfig.builder("acme")
            .tokenUrl(URI.create("https://auth.acme.test/token"))
            .introspectionUrl(URI.create("https://auth.acme.test/introspect"))
            .clientId("client-1").clientSecret(Secret.of(CLIENT_SECRET))
            .clientAuth(ClientAuth.CLIENT_SECRET_POST).build();
    private static final TokenRequest REQUEST = RefreshTokenIntrospection.request(PROVIDER, Secret.of(REFRESH_TOKEN));

    @Test
    void request_postsTheRefreshTokenWithItsHint_toTheIntrospectionUrl_withTheClientAuth() {
        assertThat(REQUEST.url()).hasToString("https://auth.acme.test/introspect");
        assertThat(REQUEST.grantType()).isNull();
        assertThat(REQUEST.secretParams()).isEqualTo(Map.of("token", Secret.of(REFRESH_TOKEN)));
        assertThat(REQUEST.params()).isEqualTo(Map.of("token_type_hint", "refresh_token"));
        assertThat(REQUEST.clientId()).isEqualTo("client-1");
        assertThat(REQUEST.clientSecret()).isEqualTo(Secret.of(CLIENT_SECRET));
        assertThat(REQUEST.clientAuth()).isEqualTo(ClientAuth.CLIENT_SECRET_POST);
    }

    @Test
    void read_isActive_whenTheProviderAnswersActiveTrue() {
        Verdict verdict = RefreshTokenIntrospection.read(REQUEST,
                Replies.json(200, "{\"active\":true,\"client_id\":\"client-1\",\"token_type\":\"refresh_token\"}"));

        assertThat(verdict).isInstanceOf(Verdict.Active.class);
        assertThat(verdict.evidence()).contains("https://auth.acme.test/introspect", "HTTP 200", "active=true");
    }

    @Test
    void read_isInactive_whenTheProviderAnswersActiveFalse() {
        Verdict verdict = RefreshTokenIntrospection.read(REQUEST, Replies.json(200, "{\"active\":false}"));

        assertThat(verdict).isInstanceOf(Verdict.Inactive.class);
        assertThat(verdict.evidence()).contains("active=false");
        assertThat(verdict.status()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            200 | <html>login</html>
            200 | {"active":"true"}
            200 | {"ok":true}
            200 | [true]
            200 | ''
            401 | {"error":"invalid_client"}
            404 | {"error":"not_found"}
            500 | {"active":true}
            503 | upstream down
            """)
    void read_isUnknown_andNamesTheAnswer_whenItIsNotAnIntrospectionAnswer(int status, String body) {
        Verdict verdict = RefreshTokenIntrospection.read(REQUEST, Replies.http(status, body));

        assertThat(verdict).isInstanceOf(Verdict.Unknown.class);
        assertThat(verdict.status()).isEqualTo(status);
        assertThat(verdict.evidence()).contains("HTTP " + status);
    }

    @Test
    void read_isUnknown_whenNoAnswerCame() {
        Verdict verdict = RefreshTokenIntrospection.read(REQUEST, new TokenEndpointReply.TransportFailure(
                TokenEndpointReply.Kind.TIMEOUT, "no complete answer within 10000 ms", Replies.SENT_AT,
                Replies.ELAPSED));

        assertThat(verdict).isInstanceOf(Verdict.Unknown.class);
        assertThat(verdict.status()).isNull();
        assertThat(verdict.evidence()).contains("failed", "timeout");
    }

    @Test
    void read_keepsNoSecretInItsEvidence_whenTheProviderEchoesThem() {
        String echo = "bad request for token " + REFRESH_TOKEN + " and secret " + CLIENT_SECRET
                + " access_token=at_0123456789abcdefXYZ";

        Verdict verdict = RefreshTokenIntrospection.read(REQUEST, Replies.http(400, echo));

        assertThat(verdict.evidence()).doesNotContain(REFRESH_TOKEN, CLIENT_SECRET, "at_0123456789abcdefXYZ")
                .contains(Redactor.MASK);
    }
}
