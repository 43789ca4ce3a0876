package dev.tokenkeeper.server.connect;

import dev.tokenkeeper.core.port.AccountSubjectStore;
import dev.tokenkeeper.core.port.ConnectSessions;
import dev.tokenkeeper.core.port.ConnectionStore;
import dev.tokenkeeper.core.port.ProviderDirectory;
import dev.tokenkeeper.core.port.ReconnectLinkStore;
import dev.tokenkeeper.core.port.TokenEndpoint;
import dev.tokenkeeper.core.provider.ProviderUrlPolicy;
import dev.tokenkeeper.server.connection.ConnectionService;
import dev.tokenkeeper.server.diagnosis.WhoamiClient;
import io.helidon.webserver.http.HttpService;
import java.net.URI;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Optional;

/**
 * The connect flow wired once: {@link #sessionsApi()} for {@value #SESSIONS_PATH} and {@link #callback()} for
 * {@value #CALLBACK_PATH}, sharing one session store.
 */
public final class ConnectFlow implements AutoCloseable {
    /** Where the sessions API is registered (behind the API key). */
    public static final String SESSIONS_PATH = "/v1/connect-sessions";
    /** Where the callback is registered (public); the path of {@code ServerSettings.callbackUrl()}. */
    public static final String CALLBACK_PATH = "/oauth/callback";

    private final ConnectSessionsApi sessionsApi;
    private final OAuthCallback callback;
    private final ReconnectLinksApi reconnectLinks;
    private final WhoamiClient whoami;

    /**
     * @param callbackUrl     the callback as the provider's redirect_uri, under {@code TOKENKEEPER_PUBLIC_URL}
     * @param redirectOrigins where {@code redirect_after} may send the browser
     * @param links           the reconnect links' store
     * @param publicUrl       {@code TOKENKEEPER_PUBLIC_URL}, the base of the reconnect links' URLs
     * @param subjects        the connections' account subjects, checked on a reconnect
     * @param urlPolicy       judges the whoami call that reads an account subject
     */
    public ConnectFlow(ConnectSessions sessions, ConnectionStore store, ProviderDirectory providers,
            TokenEndpoint endpoint, ConnectionService connections, URI callbackUrl, RedirectOrigins redirectOrigins,
            InstantSource clock, ReconnectLinkStore links, URI publicUrl, AccountSubjectStore subjects,
            ProviderUrlPolicy urlPolicy) {
        this.whoami = new WhoamiClient(urlPolicy);
        SecureRandom random = new SecureRandom();
        SessionStarter starter = new SessionStarter(sessions, store, providers, callbackUrl, clock, random);
        this.sessionsApi = new ConnectSessionsApi(starter, sessions, redirectOrigins, clock);
        this.reconnectLinks = new ReconnectLinksApi(links, starter, store, redirectOrigins, publicUrl, clock, random);
        CodeExchange exchange = new CodeExchange(endpoint, callbackUrl, CallbackCompletion.EXCHANGE_DEADLINE, random);
        this.callback = new OAuthCallback(
                new CallbackCompletion(sessions, store, providers, exchange, connections, clock,
                        links::sessionCompleted, new SameAccount(subjects, whoami)));
    }

    public HttpService sessionsApi() {
        return sessionsApi;
    }

    /**
     * The reconnect links, registered at the root: {@code POST /v1/connections/{id}/reconnect-link}, {@code DELETE
     * /v1/reconnect-links/{id}} and the public {@code GET /r/{token}}.
     */
    public HttpService reconnectLinks() {
        return reconnectLinks;
    }

    /**
     * Makes a reconnect link for {@code connectionId} as {@code POST /v1/connections/{id}/reconnect-link} does with
     * no options (the default lifetime, no {@code redirect_after}); empty when no such connection exists.
     */
    public Optional<IssuedReconnectLink> issueReconnectLink(String connectionId) {
        return reconnectLinks.issue(connectionId, ReconnectLinksApi.DEFAULT_LIFETIME, null);
    }

    public HttpService callback() {
        return callback;
    }

    @Override
    public void close() {
        whoami.close();
    }
}
