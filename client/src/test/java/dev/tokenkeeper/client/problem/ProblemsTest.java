package dev.tokenkeeper.client.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tokenkeeper.client.LiveServiceTest;
import dev.tokenkeeper.client.TokenkeeperClient;
import dev.tokenkeeper.client.connection.ConnectionImport;
import dev.tokenkeeper.client.connection.Credentials;
import dev.tokenkeeper.fake.IssuedGrant;
import dev.tokenkeeper.server.TestService;
import java.io.IOException;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** Every kind of failed call becomes its typed exception, with the problem's code and fields. */
class ProblemsTest extends LiveServiceTest {

    @Test
    void aMissingConnection_isANotFoundException_withCodeNotFound() {
        NotFoundException missing = catchThrowableOfType(NotFoundException.class,
                () -> client.connections().get("no-such-connection"));

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.code()).isEqualTo("not_found");
        assertThat(missing.title()).isNotBlank();
        assertThat(missing.detail()).contains("no-such-connection");
        assertThat(missing.problem().document().path("type").asText()).endsWith("not_found");
        assertThat(missing.retryAfter()).isEmpty();
    }

    @Test
    void aBadConnectionId_isAnInvalidRequestException_namingTheField() {
        InvalidRequestException invalid = catchThrowableOfType(InvalidRequestException.class,
                () -> client.connections().create(ConnectionImport.of(TestService.PROVIDER, "bad id!",
                        Credentials.of("a-token", null, 3600))));

        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.code()).isEqualTo("invalid_field");
        assertThat(invalid.field()).isEqualTo("connection_id");
    }

    @Test
    void aRevokedGrant_isANeedsReauthException_withTheConnectionAndCause_onRefreshAndThenOnToken() {
        IssuedGrant grant = imported("problem-revoked");
        service.provider.revokeGrant(grant.grantId());

        NeedsReauthException onRefresh = catchThrowableOfType(NeedsReauthException.class,
                () -> client.connections().refresh("problem-revoked"));
        NeedsReauthException onToken = catchThrowableOfType(NeedsReauthException.class,
                () -> client.connections().token("problem-revoked"));

        assertThat(onRefresh.status()).isEqualTo(409);
        assertThat(onRefresh.code()).isEqualTo("needs_reauth");
        assertThat(onRefresh.connectionId()).isEqualTo("problem-revoked");
        assertThat(onRefresh.causeCode()).isEqualTo("grant_expired_or_revoked");
        assertThat(onToken.code()).isEqualTo("needs_reauth");
        assertThat(onToken.problem().lastError().failureClass()).isEqualTo("needs_reauth");
    }

    @Test
    void aWrongApiKey_isAnUnauthorizedException() {
        TokenkeeperClient wrongKey = builderOf(service).apiKey("tk_not_the_key").build();

        UnauthorizedException refused = catchThrowableOfType(UnauthorizedException.class,
                () -> wrongKey.providers().list());

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.code()).isEqualTo("unauthorized");
        assertThat(refused.getMessage()).doesNotContain("tk_not_the_key");
    }

    @Test
    void anExistingConnectionId_isAProblemException_withCodeConnectionExists() {
        imported("problem-twice");

        TokenkeeperProblemException conflict = catchThrowableOfType(TokenkeeperProblemException.class,
                () -> imported("problem-twice"));

        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.code()).isEqualTo("connection_exists");
    }

    @Test
    void anAnswerThatIsNoProblem_isAnHttpException_withTheStatusAndAnExcerpt() {
        TokenkeeperClient notTokenkeeper = TokenkeeperClient.builder().baseUrl(service.provider.apiBaseUrl())
                .apiKey("tk_any").build();

        TokenkeeperHttpException answer = catchThrowableOfType(TokenkeeperHttpException.class,
                () -> notTokenkeeper.connections().get("anything"));

        assertThat(answer).isNotInstanceOf(TokenkeeperProblemException.class);
        assertThat(answer.status()).isGreaterThanOrEqualTo(400);
        assertThat(answer.bodyExcerpt()).doesNotContain("\n").hasSizeLessThanOrEqualTo(501);
    }

    @Test
    void noAnswer_isATransportException() throws IOException {
        TokenkeeperClient nobodyListens = TokenkeeperClient.builder()
                .baseUrl(URI.create("http://127.0.0.1:" + TestService.freePort())).apiKey("tk_any").build();

        TokenkeeperTransportException failure = catchThrowableOfType(TokenkeeperTransportException.class,
                () -> nobodyListens.providers().list());

        assertThat(failure).hasCauseInstanceOf(IOException.class);
    }
}
