package dev.tokenkeeper.core.refresh;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenkeeper.core.port.TokenEndpoint;
import dev.tokenkeeper.core.port.TokenEndpointReply;
import dev.tokenkeeper.core.port.TokenEndpointReply.HttpReply;
import dev.tokenkeeper.core.port.TokenEndpointReply.Kind;
import dev.tokenkeeper.core.port.TokenEndpointReply.TransportFailure;
import dev.tokenkeeper.core.port.TokenRequest;
import dev.tokenkeeper.core.provider.ClientAuth;
import dev.tokenkeeper.core.provider.ProviderUrlPolicy;
import dev.tokenkeeper.core.provider.UrlVerdict;
import dev.tokenkeeper.core.token.Secret;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * The {@link TokenEndpoint} over the JDK's HTTP client: form POST, client authentication, a hard deadline on the
 * whole exchange (connect, headers and body), no redirects, and a cap on the body read. Just before each request the
 * token URL's host is resolved and judged by the {@link ProviderUrlPolicy}; a refused address is a connect failure
 * and nothing is sent. The caller's thread runs the exchange (only a host name's lookup runs on a virtual thread, to
 * bound it by the deadline): every hand-over between threads costs a scheduling delay when the cores are busy. For
 * the same reason the client's own tasks (reading the answer, completing the exchange) run on virtual threads, not on
 * the JDK's default pool of platform threads, which woke a pooled thread several times per exchange.
 */
public final class JdkHttpTokenEndpoint implements TokenEndpoint, AutoCloseable {

    /** Bodies longer than this are cut: no token response or error page needs more. */
    public static final int MAX_BODY_BYTES = 256 * 1024;

    private static final Duration MAX_CONNECT = Duration.ofSeconds(5);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JdkHttpTokenEndpoint.class);

    private final HttpClient client;
    private final InstantSource clock;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /** Resolves token URL host names, one virtual thread per lookup. */
    private final ExecutorService lookups = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicLong lookupThreads = new AtomicLong();
    /** Runs the HTTP client's asynchronous tasks, one virtual thread each. */
    private final ExecutorService clientTasks = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("tokenkeeper-token-http-", 0).factory());
    private final ProviderUrlPolicy urlPolicy;

    /** An endpoint that may reach any address but a link-local or metadata one: for library users and tests. */
    public JdkHttpTokenEndpoint(InstantSource clock) {
        this(clock, ProviderUrlPolicy.allowingPrivate());
    }

    public JdkHttpTokenEndpoint(InstantSource clock, ProviderUrlPolicy urlPolicy) {
        this.clock = clock;
        this.urlPolicy = java.util.Objects.requireNonNull(urlPolicy, "urlPolicy");
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(MAX_CONNECT)
                .executor(clientTasks)
                .build();
    }

    @Override
    public TokenEndpointReply exchange(TokenRequest request, Duration deadline) {
        Instant sentAt = clock.instant();
        long giveUpAt = System.nanoTime() + deadline.toNanos();
        URI target = request.url();
        String late = "no complete answer within " + deadline.toMillis() + " ms";
        try {
            // A deadline spent before sending is a lookup's fault: Kind.DNS, so nobody mistakes it for a request the
            // provider may have received (a TIMEOUT after sending keeps the attempt's crash-window mark).
            try {
                judge(target, giveUpAt);
            } catch (TimeoutException lookup) {
                return failure(Kind.DNS, "the host name did not resolve within " + deadline.toMillis() + " ms",
                        sentAt, target);
            }
            long left = giveUpAt - System.nanoTime();
            if (left <= 0) {
                return failure(Kind.DNS, "resolving the host name took the whole " + deadline.toMillis() + " ms",
                        sentAt, target);
            }
            HttpRequest httpRequest = toHttpRequest(request, Duration.ofNanos(left));
            // The request's timeout bounds the wait for the headers, the body subscriber the rest.
            CappedBody.Reading reading = CappedBody.reading(MAX_BODY_BYTES, giveUpAt, late);
            HttpResponse<byte[]> response;
            try {
                response = client.send(httpRequest, reading);
            } catch (IOException | InterruptedException e) {
                reading.cancel();
                throw e;
            }
            return new HttpReply(response.statusCode(), response.headers().map(),
                    new String(response.body(), StandardCharsets.UTF_8), sentAt,
                    Duration.between(sentAt, clock.instant()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failure(Kind.IO, "interrupted while waiting for the token endpoint", sentAt, target);
        } catch (ExecutionException e) {
            return failure(kindOf(e.getCause()), describe(e.getCause()), sentAt, target);
        } catch (IOException e) {
            return failure(kindOf(e), describe(e), sentAt, target);
        }
    }

    /**
     * Judges the token URL's host by the URL policy right before the request. An address literal needs no lookup
     * and is judged here; a host name is resolved on a virtual thread, so that a hanging lookup still ends at the
     * deadline.
     */
    private void judge(URI uri, long giveUpAt)
            throws IOException, InterruptedException, ExecutionException, TimeoutException {
        UrlVerdict verdict;
        if (isAddressLiteral(uri.getHost())) {
            verdict = urlPolicy.judgeBeforeRequest(uri);
        } else {
            lookupThreads.incrementAndGet();
            Future<UrlVerdict> judging = lookups.submit(() -> urlPolicy.judgeBeforeRequest(uri));
            try {
                verdict = judging.get(giveUpAt - System.nanoTime(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | InterruptedException e) {
                judging.cancel(true);
                throw e;
            }
        }
        switch (verdict) {
            case UrlVerdict.Unresolved unresolved -> throw new UnknownHostException(unresolved.host());
            case UrlVerdict.Refused refused -> {
                LOG.warn("event=provider_url_refused host={} the token URL {}", uri.getHost(), refused.why());
                throw new RefusedUrlException("the token URL " + refused.why());
            }
            case UrlVerdict.Allowed allowed -> { }
        }
    }

    /** How many threads this endpoint started so far (one per exchange with a host name, none otherwise). */
    long threadsStarted() {
        return lookupThreads.get();
    }

    /** Whether {@code host} is an IPv4 or a bracketed IPv6 address, which resolves without a lookup. */
    static boolean isAddressLiteral(String host) {
        return host != null && (host.startsWith("[") || IPV4_LITERAL.matcher(host).matches());
    }

    private static HttpRequest toHttpRequest(TokenRequest request, Duration deadline) {
        if (request.shape() == TokenRequest.Shape.BEARER) {
            Secret token = Objects.requireNonNull(request.secretParams().get("token"), "a bearer request's token");
            return HttpRequest.newBuilder(request.url()).timeout(deadline).header("Accept", "application/json")
                    .header("Authorization", "Bearer " + token.reveal())
                    .POST(HttpRequest.BodyPublishers.noBody()).build();
        }
        Map<String, String> form = new LinkedHashMap<>();
        if (request.grantType() != null) {
            form.put("grant_type", request.grantType());
        }
        request.secretParams().forEach((name, secret) -> form.put(name, secret.reveal()));
        form.putAll(request.params());
        boolean json = request.shape() == TokenRequest.Shape.JSON;
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.url())
                .timeout(deadline)
                .header("Content-Type", json ? "application/json" : "application/x-www-form-urlencoded")
                .header("Accept", "application/json");
        if (request.clientAuth() == ClientAuth.CLIENT_SECRET_BASIC && request.clientSecret() != null) {
            String pair = encode(request.clientId()) + ":" + encode(request.clientSecret().reveal());
            builder.header("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        } else {
            form.put("client_id", request.clientId());
            if (request.clientSecret() != null) {
                form.put("client_secret", request.clientSecret().reveal());
            }
        }
        return builder.POST(HttpRequest.BodyPublishers.ofString(json ? jsonBody(form) : formBody(form))).build();
    }

    private static String jsonBody(Map<String, String> fields) {
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is always JSON", e);
        }
    }

    private static String formBody(Map<String, String> form) {
        StringJoiner body = new StringJoiner("&");
        form.forEach((name, value) -> body.add(encode(name) + "=" + encode(value)));
        return body.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Thrown before sending when the URL policy refuses the token URL's host. */
    private static final class RefusedUrlException extends IOException {
        RefusedUrlException(String message) {
            super(message);
        }
    }

    /** The host and port called, so a failure names where it happened. */
    private static String where(URI uri) {
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return uri.getHost() + ":" + port;
    }

    private static Kind kindOf(Throwable cause) {
        if (cause instanceof RefusedUrlException) {
            return Kind.REFUSED_URL;
        }
        for (Throwable link = cause; link != null; link = link.getCause()) {
            if (link instanceof UnknownHostException || link instanceof UnresolvedAddressException) {
                return Kind.DNS;
            }
            if (link instanceof SSLException) {
                return Kind.TLS;
            }
        }
        if (cause instanceof HttpConnectTimeoutException || cause instanceof ConnectException) {
            return Kind.CONNECT;
        }
        for (Throwable link = cause; link != null; link = link.getCause()) {
            if (link instanceof HttpTimeoutException) {
                return Kind.TIMEOUT; // the client wraps the body's timeout in an IOException
            }
        }
        return Kind.IO;
    }

    /**
     * What went wrong, in words: the exception's message (the JDK client never puts request bodies or headers in it),
     * or a phrase for its kind; never a class name.
     */
    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        if (message != null && !message.isBlank()) {
            return message;
        }
        return switch (kindOf(cause)) {
            case DNS -> "the host name does not resolve";
            case TLS -> "the TLS handshake failed";
            case CONNECT -> "the connection was refused";
            case TIMEOUT -> "timed out";
            default -> "the connection broke";
        };
    }

    private TransportFailure failure(Kind kind, String message, Instant sentAt, URI target) {
        return new TransportFailure(kind, message, sentAt, Duration.between(sentAt, clock.instant()), where(target));
    }

    @Override
    public void close() {
        lookups.shutdownNow();
        client.shutdownNow();
        clientTasks.shutdownNow();
    }
}
