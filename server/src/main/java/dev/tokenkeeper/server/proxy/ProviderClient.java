package dev.tokenkeeper.server.proxy;

import dev.tokenkeeper.core.provider.ProviderUrlPolicy;
import dev.tokenkeeper.core.provider.UrlVerdict;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.server.http.ApiProblem;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Sends proxied requests to providers over the JDK's HTTP client (HTTP/1.1, virtual threads, redirects never followed,
 * bounded connect and response-header waits) and turns a failed exchange into Tokenkeeper's own problem: 502
 * {@code provider_unreachable}, 504 {@code provider_timeout}, or the caller's own body problem.
 */
final class ProviderClient implements AutoCloseable {
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient client;
    private final ProxySettings settings;
    private final ProviderUrlPolicy urlPolicy;

    ProviderClient(ProxySettings settings, ProviderUrlPolicy urlPolicy) {
        this.settings = settings;
        this.urlPolicy = urlPolicy;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(settings.connectTimeout())
                .executor(executor)
                .build();
    }

    /** One request to {@code target} with {@code accessToken} as its bearer credential. */
    ProviderAnswer send(String method, URI target, Map<String, List<String>> headers, OutgoingBody body,
            Secret accessToken) {
        switch (urlPolicy.judgeBeforeRequest(target)) {
            // A DNS failure is the provider being unreachable, not a policy refusal (as for the token endpoint).
            case UrlVerdict.Unresolved unresolved -> throw unreachable();
            case UrlVerdict.Refused refused -> throw ApiProblem.of(502, "provider_url_refused",
                    "Provider URL refused", "the provider's api_base_url " + refused.why());
            case UrlVerdict.Allowed allowed -> { }
        }
        HttpRequest request = request(method, target, headers, body, accessToken);
        try {
            return new ProviderAnswer(client.send(request, HttpResponse.BodyHandlers.ofInputStream()));
        } catch (HttpTimeoutException e) {
            throw callerFailure(body, ApiProblem.of(504, "provider_timeout", "Provider timeout", "the provider did not"
                    + " connect within " + settings.connectTimeout().toMillis() + " ms or answer within "
                    + settings.responseTimeout().toMillis() + " ms"));
        } catch (IOException e) {
            throw callerFailure(body, unreachable());
        } catch (RuntimeException e) {
            throw callerFailure(body, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable();
        }
    }

    private HttpRequest request(String method, URI target, Map<String, List<String>> headers, OutgoingBody body,
            Secret accessToken) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(target)
                .timeout(settings.responseTimeout())
                .method(method, body.publisher());
        headers.forEach((name, values) -> values.forEach(value -> {
            try {
                builder.header(name, value);
            } catch (IllegalArgumentException e) {
                throw ApiProblem.of(400, "proxy_header_refused", "Header refused",
                        "the header '" + name + "' cannot be sent on to the provider");
            }
        }));
        builder.header("Authorization", "Bearer " + accessToken.reveal());
        return builder.build();
    }

    /** The caller's body problem when reading its body is what broke the exchange, else {@code otherwise}. */
    private static RuntimeException callerFailure(OutgoingBody body, RuntimeException otherwise) {
        if (body instanceof OutgoingBody.Streamed streamed && streamed.stream().failure() != null) {
            return streamed.stream().failure();
        }
        return otherwise;
    }

    /** 502 {@code provider_unreachable}. */
    static ApiProblem unreachable() {
        return ApiProblem.of(502, "provider_unreachable", "Provider unreachable",
                "the connection to the provider failed or broke before it answered");
    }

    @Override
    public void close() {
        client.shutdownNow();
        executor.shutdownNow();
    }
}
