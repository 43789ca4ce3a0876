package dev.tokenkeeper.server.proxy;

import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.provider.ProviderUrlPolicy;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.server.http.ApiProblem;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The proxy's rules for callers other than the proxy itself (queued actions): the same target check
 * ({@link ProxyTarget}), the same header rule ({@link ForwardedHeaders}), the same provider client with its URL policy
 * and timeouts, and the same auth-failure judgement ({@link ProviderAnswer#isAuthFailure}); the answer is read whole up
 * to a bound instead of streamed.
 */
public final class ProviderCalls implements AutoCloseable {
    private final ProxySettings settings;
    private final ProviderClient client;

    public ProviderCalls(ProxySettings settings, ProviderUrlPolicy urlPolicy) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.client = new ProviderClient(settings, Objects.requireNonNull(urlPolicy, "urlPolicy"));
    }

    /** What one call came to: the provider's answer, or Tokenkeeper's own problem when none was had. */
    public sealed interface Reply {}

    /**
     * The provider answered.
     *
     * @param status        its status
     * @param headers       its end-to-end headers (without hop-by-hop, {@code Content-Length}, {@code Tokenkeeper-*})
     * @param body          at most the asked number of bytes of its body
     * @param bodyTruncated true when the body was longer
     * @param authFailure   true when the answer says the access token was not accepted (the proxy's rule)
     */
    public record Answered(int status, Map<String, List<String>> headers, byte[] body, boolean bodyTruncated,
            boolean authFailure) implements Reply {
        public Answered {
            headers = Map.copyOf(headers);
            body = body.clone();
        }

        @Override
        public byte[] body() {
            return body.clone();
        }
    }

    /**
     * No answer: {@code provider_unreachable}, {@code provider_timeout} or {@code provider_url_refused} (the
     * problem's code), never a secret.
     */
    public record Failed(ApiProblem problem) implements Reply {
        public Failed {
            Objects.requireNonNull(problem, "problem");
        }
    }

    /**
     * The provider URL for {@code rawPath} (starting with {@code /}) and {@code rawQuery} (or null) below
     * {@code apiBaseUrl}, by the proxy's rules.
     *
     * @throws ApiProblem 400 {@code proxy_target_refused} naming what was refused
     */
    public static URI target(URI apiBaseUrl, String rawPath, String rawQuery) {
        return ProxyTarget.resolve(apiBaseUrl, rawPath, rawQuery);
    }

    /** True when a caller's header of this name may go to the provider (the proxy's rule). */
    public static boolean isSendableHeader(String name) {
        return ForwardedHeaders.sendable(name);
    }

    /** The largest request body kept in memory for a replay: the largest an action may have. */
    public int maxBodyBytes() {
        return settings.maxReplayableBodyBytes();
    }

    /** Sends one request with {@code accessToken} and reads at most {@code keepBytes} of the answer's body. */
    public Reply send(String method, URI target, Map<String, List<String>> headers, byte[] body, Secret accessToken,
            ProviderConfig provider, int keepBytes) {
        ProviderAnswer answer;
        try {
            answer = client.send(method, target, headers, new OutgoingBody.Buffered(body), accessToken);
        } catch (ApiProblem problem) {
            return new Failed(problem);
        }
        try (answer) {
            boolean authFailure = answer.isAuthFailure(provider, settings.maxInspectedBodyBytes());
            byte[] kept = read(answer, keepBytes + 1);
            boolean truncated = kept.length > keepBytes;
            return new Answered(answer.status(), ForwardedHeaders.toCaller(answer.headers()),
                    truncated ? Arrays.copyOf(kept, keepBytes) : kept, truncated, authFailure);
        } catch (IOException e) {
            return new Failed(ProviderClient.unreachable());
        }
    }

    private byte[] read(ProviderAnswer answer, int limit) throws IOException {
        try (InputStream body = answer.body(); IdleWatchdog watchdog = new IdleWatchdog(body,
                settings.bodyIdleTimeout())) {
            watchdog.arm();
            return body.readNBytes(limit);
        }
    }

    /** Stops the HTTP client; calls still running fail. */
    @Override
    public void close() {
        client.close();
    }
}
