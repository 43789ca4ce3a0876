package dev.tokenkeeper.server.diagnosis;

import static dev.tokenkeeper.server.diagnosis.Setups.HTML;
import static dev.tokenkeeper.server.diagnosis.Setups.JSON;
import static dev.tokenkeeper.server.diagnosis.Setups.expect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.server.ApiClient.Answer;
import dev.tokenkeeper.server.TestService;
import dev.tokenkeeper.server.diagnosis.Setups.Imported;
import dev.tokenkeeper.fake.ClientAuthPlace;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Broken token endpoints and provider configs, each set up as an operator would get it wrong: the connection turns
 * misconfigured (never needs_reauth) and the diagnosis names the cause, the operator, and the field to fix.
 */
class BrokenTokenEndpointSetupsTest {
    private static final String MISCONFIGURED = "misconfigured";
    private static final String NOT_FOUND_PAGE = "<html><head><title>404 Not Found</title></head><body><h1>Not Found"
            + "</h1><p>The requested URL was not found on this server.</p></body></html>";

    @RegisterExtension
    static final Setups setups = new Setups();

    @Test
    void diagnosis_namesTokenUrlWrong_whenATypoInTheTokenUrlAnswers404WithAnHtmlPage() {
        String key = setups.provider(config -> config.put("token_url",
                setups.provider().tokenUrl().resolve("/oauth/tokn").toString()));
        Imported connection = setups.importNew(key);

        setups.refresh(connection.id());

        setups.assertVerdict(connection.id(), expect(MISCONFIGURED, Cause.TOKEN_URL_WRONG).fixNames("token_url")
                .evidence("404", "/oauth/tokn"));
    }

    @Test
    void diagnosis_namesTokenUrlWrong_whenTheTokenUrlAnswers405() {
        assertTokenUrlWrong(405, HTML, "<html><body><h1>405 Method Not Allowed</h1></body></html>", "405");
    }

    @Test
    void diagnosis_namesTokenUrlWrong_whenTheTokenUrlAnswers410() {
        assertTokenUrlWrong(410, HTML, "<html><body><h1>410 Gone</h1><p>This endpoint was retired.</p></body></html>",
                "410");
    }

    @Test
    void diagnosis_namesTokenUrlWrong_andStopsCallingIt_whenTheTokenUrlAnswers200WithASignInPage() {
        Imported connection = assertTokenUrlWrong(200, HTML, "<!DOCTYPE html><html><head><title>Sign in</title></head>"
                + "<body><form action=\"/login\" method=\"post\"><input name=\"username\">"
                + "<input type=\"password\" name=\"password\"><button>Sign in</button></form></body></html>", "200");
        long calls = setups.provider().tokenRequestCount();

        Answer again = setups.token(connection.id());

        assertThat(again.status()).as(again.text()).isEqualTo(409);
        assertThat(setups.provider().tokenRequestCount()).isEqualTo(calls);
    }

    @Test
    void diagnosis_namesTokenUrlWrong_whenTheTokenUrlRedirectsToALoginPage() {
        assertTokenUrlWrong(302, Map.of("Location", "https://login.example/signin?return_to=%2Foauth%2Ftoken"), "",
                "302");
    }

    @Test
    void diagnosis_namesClientCredentialsRejected_whenTheClientSecretIsWrong() {
        String key = setups.provider(config -> config.put("client_secret", "not-the-secret-of-this-client"));
        Imported connection = setups.importNew(key);

        setups.refresh(connection.id());

        setups.assertVerdict(connection.id(), expect(MISCONFIGURED, Cause.CLIENT_CREDENTIALS_REJECTED)
                .fixNames("client_secret").evidence("invalid_client", "Client authentication failed"));
    }

    @Test
    void diagnosis_namesClientCredentialsRejected_whenTheClientIdIsWrong() {
        String key = setups.provider(config -> config.put("client_id", "tokenkeeper-test-clinet"));
        Imported connection = setups.importNew(key);

        setups.refresh(connection.id());

        setups.assertVerdict(connection.id(), expect(MISCONFIGURED, Cause.CLIENT_CREDENTIALS_REJECTED)
                .fixNames("client_id").evidence("invalid_client"));
    }

    @Test
    void diagnosis_namesClientAuthMethodWrong_whenTheProviderWantsTheSecretInTheBodyButGetsBasic() {
        String key = setups.provider(config -> config.put("client_auth", "client_secret_basic"));
        Imported connection = setups.importNew(key);
        connection.quirks().clientAuthPlace(ClientAuthPlace.BODY_ONLY);

        setups.refresh(connection.id());

        setups.assertVerdict(connection.id(), expect(MISCONFIGURED, Cause.CLIENT_AUTH_METHOD_WRONG)
                .fixNames("client_auth").evidence("invalid_request", "Missing required parameter: client_secret"));
    }

    @Test
    void diagnosis_namesClientNotAuthorized_whenTheClientMayNotUseTheRefreshGrant() {
        String key = setups.provider(config -> config);
        Imported connection = setups.importNew(key);
        connection.quirks().refuseRefresh(true);

        setups.refresh(connection.id());

        setups.assertVerdict(connection.id(), expect(MISCONFIGURED, Cause.CLIENT_NOT_AUTHORIZED)
                .fixNames("refresh tokens").evidence("unauthorized_client"));
    }

    @Test
    void diagnosis_namesScopeInvalid_whenTheRefreshAsksForAScopeTheAppMayNotHave() {
        String key = setups.provider(config -> {
            config.putArray("scopes").add("read").add("admin");
            config.putObject("refresh_params").put("scope", "read admin");
            return config;
        });
        Imported connection = setups.importNew(key);

        setups.refresh(connection.id());

        setups.assertVerdict(connection.id(), expect(MISCONFIGURED, Cause.SCOPE_INVALID).fixNames("scopes")
                .evidence("invalid_scope", "The requested scope exceeds the granted scope"));
    }

    @Test
    void diagnosis_namesRefreshRequestMalformed_whenTheProviderAnswersUnsupportedGrantType() {
        String key = setups.provider(config -> config);
        Imported connection = setups.importNew(key);
        connection.quirks().failNextTokenRequests(1, 400, JSON, "{\"error\":\"unsupported_grant_type\","
                + "\"error_description\":\"The authorization grant type is not supported by this server.\"}");

        setups.refresh(connection.id());

        setups.assertVerdict(connection.id(), expect(MISCONFIGURED, Cause.REFRESH_REQUEST_MALFORMED)
                .fixNames("token_url").evidence("unsupported_grant_type"));
    }

    @Test
    void diagnosis_namesTokenAnswerUnrecognized_whenTheTokenUrlAnswersA418WithANonOAuthBody() {
        String key = setups.provider(config -> config);
        Imported connection = setups.importNew(key);
        connection.quirks().failNextTokenRequests(1, 418, Map.of("Content-Type", "text/plain"),
                "I'm a teapot: this kettle brews no tokens");

        setups.refresh(connection.id());

        setups.assertVerdict(connection.id(), expect(MISCONFIGURED, Cause.TOKEN_ANSWER_UNRECOGNIZED)
                .fixNames("error_expression").evidence("418", "teapot"));
    }

    @Test
    void diagnosis_namesTokenAnswerUnrecognized_andNeverSuccess_whenTheTokenUrlAnswers200OkFalse() {
        String key = setups.provider(config -> config);
        Imported connection = setups.importNew(key);
        connection.quirks().failNextTokenRequests(1, 200, JSON, "{\"ok\":false,\"error\":\"something_odd\"}");

        Answer refresh = setups.refresh(connection.id());

        assertThat(refresh.status()).as(refresh.text()).isNotEqualTo(200);
        assertThat(setups.connection(connection.id()).path("refresh_count").asInt()).isZero();
        setups.assertVerdict(connection.id(), expect(MISCONFIGURED, Cause.TOKEN_ANSWER_UNRECOGNIZED)
                .fixNames("error_expression").evidence("something_odd"));
    }

    @Test
    void diagnosis_namesProviderUnreachableThenTokenHostUnreachable_whenTheTokenUrlsPortRefusesConnections()
            throws IOException {
        String hostPort = "127.0.0.1:" + TestService.freePort();
        String key = setups.provider(config -> config.put("token_url", "http://" + hostPort + "/oauth/token"));

        assertUnreachableEscalates(key, hostPort);
    }

    @Test
    void diagnosis_namesProviderUnreachableThenTokenHostUnreachable_whenTheTokenUrlsTlsHandshakeFails() {
        try (PlainHttpListener plainHttp = new PlainHttpListener()) {
            String hostPort = "127.0.0.1:" + plainHttp.port();
            String key = setups.provider(config -> config.put("token_url", "https://" + hostPort + "/oauth/token"));

            assertUnreachableEscalates(key, hostPort);
        }
    }

    @Test
    void diagnosis_namesProviderUnreachableThenTokenHostUnreachable_whenTheTokenUrlsHostIsUnknown() {
        String host = "tokens.acme-typo.example";
        String key = setups.provider(config -> config.put("token_url", "https://" + host + "/oauth/token"));

        assertUnreachableEscalates(key, host);
    }

    /**
     * A token URL answering {@code status}: misconfigured {@code token_url_wrong} after one refresh, the status in
     * the evidence.
     */
    private static Imported assertTokenUrlWrong(int status, Map<String, String> headers, String body,
            String evidence) {
        String key = setups.provider(config -> config);
        Imported connection = setups.importNew(key);
        connection.quirks().failNextTokenRequests(1, status, headers, body);

        setups.refresh(connection.id());

        setups.assertVerdict(connection.id(), expect(MISCONFIGURED, Cause.TOKEN_URL_WRONG).fixNames("token_url")
                .evidence(evidence));
        return connection;
    }

    /**
     * An unreachable token host: retryable {@code provider_unreachable} naming the host at first, then, after three
     * attempts over more than the unreachable period (1 h), misconfigured {@code token_host_unreachable}.
     */
    private static void assertUnreachableEscalates(String key, String host) {
        Imported connection = setups.importNew(key, 20);

        Answer first = setups.refresh(connection.id());

        assertThat(first.status()).as(first.text()).isEqualTo(503);
        assertThat(setups.connection(connection.id()).path("last_error").path("message").asText()).contains(host);
        setups.assertVerdict(connection.id(), expect("active", Cause.PROVIDER_UNREACHABLE).fixNames("token_url")
                .evidence(host));
        for (Duration later : List.of(Duration.ofMinutes(31), Duration.ofMinutes(31))) {
            setups.clock.advance(later);
            setups.refresh(connection.id());
        }
        setups.assertVerdict(connection.id(), expect(MISCONFIGURED, Cause.TOKEN_HOST_UNREACHABLE)
                .fixNames("token_url").evidence(host));
    }
}
