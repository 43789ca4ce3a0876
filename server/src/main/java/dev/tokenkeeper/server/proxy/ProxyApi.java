package dev.tokenkeeper.server.proxy;

import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.port.ProviderDirectory;
import dev.tokenkeeper.core.provider.ProviderCatalog;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.provider.ProviderUrlPolicy;
import dev.tokenkeeper.core.refresh.RefreshEngine;
import dev.tokenkeeper.core.refresh.TokenAnswer;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.server.connection.ConnectionsApi;
import dev.tokenkeeper.server.http.ApiProblem;
import dev.tokenkeeper.server.ops.ServiceMetrics;
import dev.tokenkeeper.server.provider.ProviderProblems;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code ANY /v1/proxy/{connection_id}/{path...}}: forwards the request to the provider's {@code api_base_url} plus
 * the path (see {@link ProxyTarget} for what is refused), with the connection's access token, and streams the
 * provider's response back.
 *
 * <p>When the provider does not accept the token (a status among its {@code auth_failure_statuses}, or its error
 * expression says {@code needs_reauth}), the token is refreshed once, single flight, unless another caller already
 * replaced it, and the request is replayed once with the newer token. Request bodies up to
 * {@link ProxySettings#maxReplayableBodyBytes()} are kept for that replay; larger ones are streamed once and not
 * replayed. Headers Tokenkeeper adds to the provider's response:
 * <ul>
 *   <li>{@code Tokenkeeper-Remote-Error: true} on every provider answer that is an error (4xx, 5xx, or an auth
 *       failure said in a 2xx body); Tokenkeeper's own problems say {@code false}.</li>
 *   <li>{@code Tokenkeeper-Replay} after an auth failure: {@code replayed} (this is the replay's answer),
 *       {@code skipped_body_too_large} (the token was refreshed but the body was streamed and cannot be sent again:
 *       this is the first answer, and the caller may retry), or {@code skipped_no_new_token} (no newer token could
 *       be had: this is the first answer).</li>
 *   <li>{@code Tokenkeeper-Connection-State} when the refresh found the connection {@code needs_reauth} or
 *       {@code misconfigured}.</li>
 * </ul>
 * TRACE and CONNECT are refused (a TRACE would echo the access token back).
 */
public final class ProxyApi implements HttpService, AutoCloseable {
    public static final String PATH = "/v1/proxy";
    public static final String REPLAY_HEADER = "Tokenkeeper-Replay";
    public static final String CONNECTION_STATE_HEADER = "Tokenkeeper-Connection-State";
    public static final String REPLAYED = "replayed";
    public static final String SKIPPED_BODY_TOO_LARGE = "skipped_body_too_large";
    public static final String SKIPPED_NO_NEW_TOKEN = "skipped_no_new_token";
    private static final Set<String> REFUSED_METHODS = Set.of("TRACE", "CONNECT");

    private final RefreshEngine engine;
    private final ProviderDirectory providers;
    private final ServiceMetrics metrics;
    private final InstantSource clock;
    private final ProxySettings settings;
    private final ProviderClient client;

    /** A proxy that may reach any address but a link-local or metadata one (tests). */
    public ProxyApi(RefreshEngine engine, ProviderDirectory providers, ServiceMetrics metrics, InstantSource clock,
            ProxySettings settings) {
        this(engine, providers, metrics, clock, settings, ProviderUrlPolicy.allowingPrivate());
    }

    /** @param urlPolicy judges the provider's host just before each request */
    public ProxyApi(RefreshEngine engine, ProviderDirectory providers, ServiceMetrics metrics, InstantSource clock,
            ProxySettings settings, ProviderUrlPolicy urlPolicy) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.providers = Objects.requireNonNull(providers, "providers");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.client = new ProviderClient(settings, urlPolicy);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.any("/{id}", this::proxy).any("/{id}/*", this::proxy);
    }

    private void proxy(ServerRequest request, ServerResponse response) {
        ProxyTrace trace = new ProxyTrace(request.prologue().method().text());
        try {
            forward(request, response, trace);
        } catch (ApiProblem problem) {
            trace.refused(problem);
            throw problem;
        } finally {
            trace.finish(metrics);
        }
    }

    private void forward(ServerRequest request, ServerResponse response, ProxyTrace trace) {
        String method = request.prologue().method().text();
        if (REFUSED_METHODS.contains(method)) {
            throw ApiProblem.of(405, "method_not_proxied", "Method not proxied", method + " is never proxied");
        }
        ProxyPath path = ProxyPath.parse(request.prologue().uriPath().rawPath());
        trace.connectionId(path.connectionId());
        Connection connection = ConnectionsApi.usable(engine.freshToken(path.connectionId()), response,
                clock.instant());
        ProviderConfig provider = providerOf(connection);
        trace.connection(connection.id(), provider.key());
        String query = request.prologue().hasQuery() ? request.prologue().query().rawValue() : null;
        Call call = new Call(method, ProxyTarget.resolve(provider.apiBaseUrl(), path.rest(), query),
                ForwardedHeaders.toProvider(request.headers(), provider.errorExpression() == null),
                OutgoingBody.read(request, settings.maxReplayableBodyBytes(), settings.maxBodyBytes()), provider);
        ProviderAnswer first = send(call, connection.tokens().accessToken());
        if (!isAuthFailure(call, first)) {
            relay(first, response, trace, first.status() >= 400, Map.of());
            return;
        }
        retryAfterAuthFailure(call, first, connection, response, trace);
    }

    private void retryAfterAuthFailure(Call call, ProviderAnswer first, Connection connection,
            ServerResponse response, ProxyTrace trace) {
        Secret used = connection.tokens().accessToken();
        TokenAnswer renewed;
        try {
            renewed = engine.refreshIfCurrent(connection.id(), used);
        } catch (RuntimeException e) {
            first.close();
            throw e;
        }
        Map<String, String> marks = new LinkedHashMap<>();
        if (renewed instanceof TokenAnswer.Stale stale) {
            marks.put(CONNECTION_STATE_HEADER, stale.state().wireName());
        }
        if (!(renewed instanceof TokenAnswer.Fresh fresh) || fresh.tokens().accessToken().equals(used)) {
            marks.put(REPLAY_HEADER, SKIPPED_NO_NEW_TOKEN);
            relay(first, response, trace, true, marks);
            return;
        }
        if (!call.body().replayable()) {
            marks.put(REPLAY_HEADER, SKIPPED_BODY_TOO_LARGE);
            relay(first, response, trace, true, marks);
            return;
        }
        first.close();
        trace.replayed();
        ProviderAnswer second = send(call, fresh.tokens().accessToken());
        boolean remoteError = isAuthFailure(call, second) || second.status() >= 400;
        relay(second, response, trace, remoteError, Map.of(REPLAY_HEADER, REPLAYED));
    }

    private void relay(ProviderAnswer answer, ServerResponse response, ProxyTrace trace, boolean remoteError,
            Map<String, String> marks) {
        trace.answered(answer.status(), remoteError);
        try {
            ResponseRelay.relay(answer, response, remoteError, marks, settings.bodyIdleTimeout());
        } catch (UncheckedIOException e) {
            trace.brokenOff();
            throw e;
        }
    }

    private ProviderConfig providerOf(Connection connection) {
        String key = connection.providerKey();
        ProviderConfig provider = providers.find(key).orElseThrow(() -> ProviderCatalog.builtIn().find(key).isPresent()
                ? ProviderProblems.notConfigured(key) : notConfigured(key, "is not configured: PUT /v1/providers/" + key
                        + " with its config first"));
        if (provider.apiBaseUrl() == null) {
            throw notConfigured(key, "has no api_base_url: set it in the provider config to proxy its API");
        }
        return ProviderProblems.forConnection(provider, connection);
    }

    private static ApiProblem notConfigured(String providerKey, String why) {
        return ApiProblem.of(409, "proxy_not_configured", "Proxy not configured",
                "the connection's provider '" + providerKey + "' " + why).with("field", "api_base_url");
    }

    /** Stops the HTTP client; proxied requests still running fail. */
    @Override
    public void close() {
        client.close();
    }

    /** One proxied request as it is sent, possibly twice. */
    private record Call(String method, URI target, Map<String, List<String>> headers, OutgoingBody body,
            ProviderConfig provider) {}

    private ProviderAnswer send(Call call, Secret accessToken) {
        return client.send(call.method(), call.target(), call.headers(), call.body(), accessToken);
    }

    private boolean isAuthFailure(Call call, ProviderAnswer answer) {
        try {
            return answer.isAuthFailure(call.provider(), settings.maxInspectedBodyBytes());
        } catch (IOException e) {
            answer.close();
            throw ProviderClient.unreachable();
        }
    }
}
