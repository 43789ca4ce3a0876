package dev.tokenkeeper.server.connect;

import dev.tokenkeeper.core.port.ConnectSessions;
import dev.tokenkeeper.core.port.ConnectionStore;
import dev.tokenkeeper.core.port.ProviderDirectory;
import dev.tokenkeeper.core.port.TokenEndpoint;
import dev.tokenkeeper.server.connection.ConnectionService;
import io.helidon.webserver.http.HttpService;
import java.net.URI;
import java.security.SecureRandom;
import java.time.InstantSource;

/**
 * The connect flow wired once: {@link #sessionsApi()} for {@value #SESSIONS_PATH} and {@link #callback()} for
 * {@value #CALLBACK_PATH}, sharing one session store.
 */
public final class ConnectFlow {
    /** Where the sessions API is registered (behind the API key). */
    public static final String SESSIONS_PATH = "/v1/connect-sessions";
    /** Where the callback is registered (public); the path of {@code ServerSettings.callbackUrl()}. */
    public static final String CALLBACK_PATH = "/oauth/callback";

    private final ConnectSessionsApi sessionsApi;
    private final OAuthCallback callback;

    /**
     * @param callbackUrl     the callback as the provider's redirect_uri, under {@code TOKENKEEPER_PUBLIC_URL}
     * @param redirectOrigins where {@code redirect_after} may send the browser
     */
    public ConnectFlow(ConnectSessions sessions, ConnectionStore store, ProviderDirectory providers,
            TokenEndpoint endpoint, ConnectionService connections, URI callbackUrl, RedirectOrigins redirectOrigins,
            InstantSource clock) {
        SecureRandom random = new SecureRandom();
        this.sessionsApi = new ConnectSessionsApi(
                new SessionStarter(sessions, store, providers, callbackUrl, clock, random), sessions, redirectOrigins,
                clock);
        CodeExchange exchange = new CodeExchange(endpoint, callbackUrl, CallbackCompletion.EXCHANGE_DEADLINE, random);
        this.callback = new OAuthCallback(
                new CallbackCompletion(sessions, store, providers, exchange, connections, clock));
    }

    public HttpService sessionsApi() {
        return sessionsApi;
    }

    public HttpService callback() {
        return callback;
    }
}
