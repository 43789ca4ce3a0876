package dev.tokenkeeper.server.connect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionEvent;
import dev.tokenkeeper.core.connection.ConnectionLifecycle;
import dev.tokenkeeper.core.connection.EventType;
import dev.tokenkeeper.core.port.ConnectSession;
import dev.tokenkeeper.core.port.ConnectionQuery;
import dev.tokenkeeper.core.port.TokenEndpoint;
import dev.tokenkeeper.core.port.TokenEndpointReply;
import dev.tokenkeeper.core.port.TokenRequest;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.refresh.RefreshEngine;
import dev.tokenkeeper.core.refresh.RefreshSettings;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.token.TokenSet;
import dev.tokenkeeper.server.connection.ConnectionService;
import dev.tokenkeeper.server.connection.Revocation;
import dev.tokenkeeper.testkit.clock.SettableClock;
import dev.tokenkeeper.memory.InMemoryConnectSessions;
import dev.tokenkeeper.memory.InMemoryConnectionStore;
import dev.tokenkeeper.memory.InMemoryProviderDirectory;
import dev.tokenkeeper.memory.InMemoryRefreshLease;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The callback's decisions with in-memory stores and a token endpoint that answers what each test says. */
class ConnectCallbackCompletionTest {
    private static final URI CALLBACK = URI.create("https://tokenkeeper.example/oauth/callback");
    private static final String TOKENS = "{\"access_token\":\"at-new\",\"refresh_token\":\"rt-new\","
            + "\"expires_in\":3600,\"token_type\":\"Bearer\"}";

    private final SettableClock clock = new SettableClock();
    private final InMemoryConnectSessions sessions = new InMemoryConnectSessions();
    private final InMemoryConnectionStore store = new InMemoryConnectionStore(new InMemoryRefreshLease(clock));
    private final InMemoryProviderDirectory providers = new InMemoryProviderDirectory().put(provider());
    private final List<TokenRequest> sent = new CopyOnWriteArrayList<>();
    private final List<Duration> deadlines = new CopyOnWriteArrayList<>();
    private Function<TokenRequest, TokenEndpointReply> answer = request -> reply(200, TOKENS);

    @Test
    void complete_sendsTheCodeWithTheSessionsVerifierAndRedirectUri_andCreatesTheConnection() {
        ConnectSession session = session(null, Secret.of("verifier-of-the-session-0123456789-abcdefghij"));

        CallbackOutcome outcome = completion().complete(query(session, "the-code"));

        assertThat(outcome).isInstanceOfSatisfying(CallbackOutcome.Connected.class, connected -> {
            assertThat(connected.reconnected()).isFalse();
            Connection connection = store.find(connected.connectionId()).orElseThrow();
            assertThat(connection.tokens().accessToken().reveal()).isEqualTo("at-new");
            assertThat(connection.metadata()).containsEntry("customer", "c-9");
            assertThat(connection.nextRefreshAt()).isNotNull();
        });
        TokenRequest request = sent.getFirst();
        assertThat(request.grantType()).isEqualTo("authorization_code");
        assertThat(request.url()).isEqualTo(provider().tokenUrl());
        assertThat(request.params()).containsEntry("redirect_uri", CALLBACK.toString());
        assertThat(request.secretParams()).containsEntry("code", Secret.of("the-code"))
                .containsEntry("code_verifier", session.codeVerifier());
        assertThat(request.clientSecret()).isEqualTo(Secret.of("client-secret"));
        assertThat(deadlines).containsExactly(CallbackCompletion.EXCHANGE_DEADLINE);
    }

    @Test
    void complete_sendsNoVerifier_whenTheSessionHasNone() {
        ConnectSession session = session(null, null);

        completion().complete(query(session, "the-code"));

        assertThat(sent.getFirst().secretParams()).containsOnlyKeys("code");
    }

    @Test
    void complete_answers504ProviderTimeout_whenTheExchangeRunsOutOfTime() {
        answer = request -> new TokenEndpointReply.TransportFailure(TokenEndpointReply.Kind.TIMEOUT,
                "no answer in 10 s", clock.instant(), CallbackCompletion.EXCHANGE_DEADLINE);
        ConnectSession session = session(null, null);

        CallbackOutcome outcome = completion().complete(query(session, "the-code"));

        assertThat(outcome).isInstanceOfSatisfying(CallbackOutcome.Failed.class, failed -> {
            assertThat(failed.failure().status()).isEqualTo(504);
            assertThat(failed.failure().code()).isEqualTo("provider_timeout");
        });
        assertThat(store.list(new ConnectionQuery(null, null, null, 10))).isEmpty();
    }

    @Test
    void complete_answersExpired_whenTheClockPassedTheSessionsEnd() {
        ConnectSession session = session(null, null);
        clock.advance(SessionStarter.SESSION_LIFETIME);

        CallbackOutcome outcome = completion().complete(query(session, "the-code"));

        assertThat(outcome).isEqualTo(new CallbackOutcome.Failed(CallbackFailure.expired(), "session_expired",
                session.id(), null));
        assertThat(sent).isEmpty();
    }

    @Test
    void complete_createsTheConnectionAgainUnderItsId_whenItWasDeletedDuringAReconnect() {
        store.create(ConnectionLifecycle.created("gone-1", "acme", tokens("at-old"), Map.of(), clock.instant(),
                null));
        ConnectSession session = session("gone-1", null);
        store.delete("gone-1");

        CallbackOutcome outcome = completion().complete(query(session, "the-code"));

        assertThat(outcome).isInstanceOfSatisfying(CallbackOutcome.Connected.class, connected -> {
            assertThat(connected.connectionId()).isEqualTo("gone-1");
            assertThat(connected.reconnected()).isFalse();
        });
        assertThat(store.events("gone-1", 10)).extracting(event -> ((ConnectionEvent.StateChanged) event).type())
                .containsExactly(EventType.CREATED);
    }

    @Test
    void complete_refusesAndKeepsTheConnection_whenItsIdNowBelongsToAnotherProvider() {
        store.create(ConnectionLifecycle.created("taken-1", "other", tokens("at-old"), Map.of(), clock.instant(),
                null));
        ConnectSession session = session("taken-1", null);

        CallbackOutcome outcome = completion().complete(query(session, "the-code"));

        assertThat(outcome).isInstanceOfSatisfying(CallbackOutcome.Failed.class,
                failed -> assertThat(failed.failure().status()).isEqualTo(409));
        assertThat(store.find("taken-1").orElseThrow().tokens().accessToken().reveal()).isEqualTo("at-old");
        // The grant just issued is held by nobody: it is revoked at the provider rather than left alive.
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).url()).isEqualTo(URI.create("https://acme.example/revoke"));
        assertThat(sent.get(1).secretParams().get("token")).isEqualTo(Secret.of("rt-new"));
    }

    private CallbackCompletion completion() {
        TokenEndpoint endpoint = (request, deadline) -> {
            sent.add(request);
            deadlines.add(deadline);
            return answer.apply(request);
        };
        Random random = new Random(7);
        RefreshEngine engine = new RefreshEngine(store, new InMemoryRefreshLease(clock), providers, endpoint, clock,
                RefreshSettings.defaults("test"), random);
        ConnectionService connections = new ConnectionService(store, providers, engine,
                new Revocation(endpoint, Duration.ofSeconds(1)),
                new dev.tokenkeeper.memory.InMemoryPendingRevocations(clock), clock, random);
        return new CallbackCompletion(sessions, store, providers,
                new CodeExchange(endpoint, CALLBACK, CallbackCompletion.EXCHANGE_DEADLINE, random), connections,
                clock);
    }

    private ConnectSession session(String connectionId, Secret verifier) {
        Instant now = clock.instant();
        ConnectSession session = new ConnectSession("cs-" + System.nanoTime(), "acme", connectionId,
                Secret.of("state-" + System.nanoTime()), verifier, null,
                connectionId == null ? Map.of("customer", "c-9") : Map.of(), now,
                now.plus(SessionStarter.SESSION_LIFETIME));
        sessions.create(session);
        return session;
    }

    private static CallbackQuery query(ConnectSession session, String code) {
        return new CallbackQuery(session.state().reveal(), code, null, null);
    }

    private TokenEndpointReply reply(int status, String body) {
        return new TokenEndpointReply.HttpReply(status, Map.of("Content-Type", List.of("application/json")), body,
                clock.instant(), Duration.ofMillis(5));
    }

    private TokenSet tokens(String accessToken) {
        return new TokenSet(Secret.of(accessToken), null, "Bearer", clock.instant(), null, List.of(), Map.of());
    }

    private static ProviderConfig provider() {
        return ProviderConfig.builder("acme").authorizationUrl(URI.create("https://acme.example/authorize"))
                .tokenUrl(URI.create("https://acme.example/token"))
                .revocationUrl(URI.create("https://acme.example/revoke")).clientId("client-id")
                .clientSecret(Secret.of("client-secret")).build();
    }
}
