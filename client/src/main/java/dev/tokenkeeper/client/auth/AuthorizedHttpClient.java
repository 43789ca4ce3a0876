package dev.tokenkeeper.client.auth;

import dev.tokenkeeper.client.TokenkeeperClient;
import dev.tokenkeeper.client.connection.AccessToken;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscribers;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Set;

/**
 * Sends requests to a provider's API with a connection's access token, refreshing the refused token once (however
 * many requests it failed) and replaying each refused request once; see {@link #send} for the rules, and build
 * requests whose body can be sent twice ({@code BodyPublishers.ofString}, {@code ofByteArray}, {@code ofFile},
 * {@code noBody}, or {@code ofInputStream} with a supplier of new streams).
 */
public final class AuthorizedHttpClient {
    /** How the token is kept: the margin before its expiry when it is fetched anew, and the statuses of a refusal. */
    public record Options(Duration expiryBuffer, Set<Integer> authFailureStatuses, InstantSource clock) {
        /** A 30-second buffer, 401 as the refusal, the system clock. */
        public static final Options DEFAULT = new Options(Duration.ofSeconds(30), Set.of(401), InstantSource.system());

        public Options {
            Objects.requireNonNull(expiryBuffer, "expiryBuffer");
            if (expiryBuffer.isNegative()) {
                throw new IllegalArgumentException("expiryBuffer must not be negative");
            }
            authFailureStatuses = Set.copyOf(authFailureStatuses);
            Objects.requireNonNull(clock, "clock");
        }
    }

    private final HttpClient upstream;
    private final ConnectionTokens tokens;
    private final Set<Integer> authFailureStatuses;

    /** A client of {@code connectionId}'s provider API through {@code upstream}, with the default options. */
    public AuthorizedHttpClient(TokenkeeperClient tokenkeeper, String connectionId, HttpClient upstream) {
        this(tokenkeeper, connectionId, upstream, Options.DEFAULT);
    }

    public AuthorizedHttpClient(TokenkeeperClient tokenkeeper, String connectionId, HttpClient upstream,
            Options options) {
        Objects.requireNonNull(tokenkeeper, "tokenkeeper");
        Objects.requireNonNull(connectionId, "connectionId");
        this.upstream = Objects.requireNonNull(upstream, "upstream");
        this.tokens = new ConnectionTokens(tokenkeeper.connections(), connectionId, options.expiryBuffer(),
                options.clock());
        this.authFailureStatuses = options.authFailureStatuses();
    }

    /**
     * Sends {@code request} with the connection's token: the cached one while it is fresh, else one from
     * {@code POST /v1/connections/{id}/token}. After an auth failure (401 unless the options say otherwise), asks
     * Tokenkeeper to refresh the token that was used ({@code POST …/refresh}), unless another request already had it
     * replaced, and sends the request once more with the new token; requests refused with the same token share that
     * one refresh. The answer is the replay's when there was one (its status may again be a refusal: then the grant
     * itself is refused, and no further refresh is tried). Tokenkeeper's failures are its
     * {@link dev.tokenkeeper.client.problem.TokenkeeperException}s (a dead grant: {@code NeedsReauthException}).
     */
    public <T> HttpResponse<T> send(HttpRequest request, BodyHandler<T> handler)
            throws IOException, InterruptedException {
        AccessToken used = tokens.fresh();
        HttpResponse<T> first = upstream.send(authorized(request, used), unlessRefused(handler));
        if (!authFailureStatuses.contains(first.statusCode())) {
            return first;
        }
        AccessToken replacement = tokens.replacing(used.accessToken());
        return upstream.send(authorized(request, replacement), handler);
    }

    /** The handler's body for an answer that is no refusal; a refusal's body is discarded, as it will be replayed. */
    private <T> BodyHandler<T> unlessRefused(BodyHandler<T> handler) {
        return info -> authFailureStatuses.contains(info.statusCode()) ? BodySubscribers.replacing(null)
                : handler.apply(info);
    }

    private static HttpRequest authorized(HttpRequest request, AccessToken token) {
        return HttpRequest.newBuilder(request, (name, value) -> !name.equalsIgnoreCase("Authorization"))
                .header("Authorization", token.authorization()).build();
    }
}
