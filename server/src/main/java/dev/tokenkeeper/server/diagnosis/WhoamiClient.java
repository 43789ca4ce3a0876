package dev.tokenkeeper.server.diagnosis;

import dev.tokenkeeper.core.provider.ProviderUrlPolicy;
import dev.tokenkeeper.core.refresh.Redactor;
import dev.tokenkeeper.core.token.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;

/**
 * Sends a provider's whoami call with an access token: the URL policy judges the host first (as the proxy does), the
 * whole exchange has a deadline, the body is read up to {@link #MAX_BODY_BYTES}, and the token is masked in what comes
 * back.
 */
final class WhoamiClient implements AutoCloseable {
    /** The deadline of one whoami exchange, body included. */
    static final Duration DEADLINE = Duration.ofSeconds(10);
    /** The most bytes of a whoami answer read. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private final HttpClient http;
    private final ProviderUrlPolicy urlPolicy;

    WhoamiClient(ProviderUrlPolicy urlPolicy) {
        this.urlPolicy = Objects.requireNonNull(urlPolicy, "urlPolicy");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    WhoamiAnswer call(URI url, String method, Secret accessToken) {
        Optional<String> refused = urlPolicy.refusalBeforeRequest(url);
        if (refused.isPresent() && refused.get().startsWith(ProviderUrlPolicy.UNRESOLVED)) {
            return new WhoamiAnswer.Failed(url, "unknown host " + url.getHost(), true);
        }
        if (refused.isPresent()) {
            return new WhoamiAnswer.NotSent(url, "the provider's api_base_url " + refused.get());
        }
        HttpRequest request = HttpRequest.newBuilder(url).timeout(DEADLINE)
                .header("Authorization", "Bearer " + accessToken.reveal()).header("Accept", "application/json")
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        AtomicReference<InputStream> body = new AtomicReference<>();
        FutureTask<WhoamiAnswer> exchange = new FutureTask<>(() -> send(request, accessToken, body));
        Thread.ofVirtual().name("diagnosis-whoami").start(exchange);
        try {
            return exchange.get(DEADLINE.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            closeQuietly(body.get());
            return new WhoamiAnswer.Failed(url, "no complete answer within " + DEADLINE.toSeconds() + " s");
        } catch (ExecutionException e) {
            return new WhoamiAnswer.Failed(url, whyUnreachable(e.getCause()), hostUnknown(e.getCause()));
        } catch (InterruptedException e) {
            exchange.cancel(true);
            closeQuietly(body.get());
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling whoami", e);
        }
    }

    private WhoamiAnswer send(HttpRequest request, Secret accessToken, AtomicReference<InputStream> opened)
            throws IOException, InterruptedException {
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            opened.set(in);
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            boolean truncated = bytes.length > MAX_BODY_BYTES;
            String text = new String(bytes, 0, Math.min(bytes.length, MAX_BODY_BYTES), StandardCharsets.UTF_8);
            return new WhoamiAnswer.Answered(request.uri(), response.statusCode(),
                    masked(response.headers().map(), accessToken), masked(text, accessToken), truncated);
        }
    }

    /** The text with the access token masked, should the provider have echoed it. */
    private static String masked(String text, Secret accessToken) {
        return text.replace(accessToken.reveal(), Redactor.MASK);
    }

    private static Map<String, List<String>> masked(Map<String, List<String>> headers, Secret accessToken) {
        Map<String, List<String>> masked = new LinkedHashMap<>();
        headers.forEach((name, values) -> masked.put(name,
                values.stream().map(value -> masked(value, accessToken)).toList()));
        return masked;
    }

    /** True when the failure is a name that does not resolve (the JDK client wraps it in a ConnectException). */
    private static boolean hostUnknown(Throwable failure) {
        for (Throwable link = failure; link != null; link = link.getCause()) {
            if (link instanceof UnknownHostException || link instanceof UnresolvedAddressException) {
                return true;
            }
        }
        return false;
    }

    /** The transport failure in words: a Java class name is no one's business. */
    private static String whyUnreachable(Throwable failure) {
        if (hostUnknown(failure)) {
            return "unknown host";
        }
        return switch (failure) {
            case HttpTimeoutException timeout -> "no answer within " + DEADLINE.toSeconds() + " s";
            case ConnectException refused -> "connection refused";
            case UnknownHostException unknown -> "unknown host";
            case SSLException tls -> "TLS failed";
            default -> "connection failed";
        };
    }

    private static void closeQuietly(InputStream in) {
        if (in == null) {
            return;
        }
        try {
            in.close();
        } catch (IOException e) {
            // the answer is abandoned either way
        }
    }

    @Override
    public void close() {
        http.shutdownNow();
    }
}
