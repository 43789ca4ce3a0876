package dev.tokenkeeper.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.core.token.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A client of the service's HTTP API for tests: every call sends the admin key unless told otherwise, and every
 * exchange with the service is shown to the client's observers (such as {@link OpenApiContract#responseChecker()}).
 */
public final class ApiClient {
    public static final ObjectMapper MAPPER = new ObjectMapper();
    private final URI base;
    private final Secret apiKey;
    private final HttpClient client;
    private final List<Consumer<Exchange>> observers;

    /** An answer: status, headers, and the body as text and (when it is JSON) as a tree. */
    public record Answer(int status, HttpHeaders headers, String text) {
        public JsonNode json() {
            try {
                return MAPPER.readTree(text);
            } catch (IOException e) {
                throw new AssertionError("not JSON (status " + status + "): " + text, e);
            }
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    /**
     * One call as sent and as answered.
     *
     * @param method      the HTTP method
     * @param uri         the full URI, query included
     * @param request     the request as sent (its headers)
     * @param requestBody the body sent, empty when none
     * @param answer      what the service answered
     */
    public record Exchange(String method, URI uri, HttpRequest request, byte[] requestBody, Answer answer) {}

    public ApiClient(URI base, Secret apiKey) {
        this(base, apiKey, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), List.of());
    }

    private ApiClient(URI base, Secret apiKey, HttpClient client, List<Consumer<Exchange>> observers) {
        this.base = base;
        this.apiKey = apiKey;
        this.client = client;
        this.observers = List.copyOf(observers);
    }

    /** A client like this one that also shows every exchange to {@code observer} (which may throw to fail a test). */
    public ApiClient observedBy(Consumer<Exchange> observer) {
        List<Consumer<Exchange>> more = new java.util.ArrayList<>(observers);
        more.add(observer);
        return new ApiClient(base, apiKey, client, more);
    }

    public URI base() {
        return base;
    }

    public Answer get(String path) {
        return send(request(path).GET());
    }

    public Answer delete(String path) {
        return send(request(path).DELETE());
    }

    public Answer post(String path, JsonNode body) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : body.toString())));
    }

    public Answer put(String path, JsonNode body) {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    /** Sends raw bytes with the given method and content type, with the admin key. */
    public Answer raw(String method, String path, String contentType, byte[] body) {
        HttpRequest.Builder builder = request(path).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return send(builder);
    }

    /** Sends a request built by the caller as is (for authentication tests). */
    public Answer send(HttpRequest.Builder builder) {
        HttpRequest request = builder.build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            Answer answer = new Answer(response.statusCode(), response.headers(), response.body());
            if (!observers.isEmpty() && isToTheService(request.uri())) {
                Exchange exchange = new Exchange(request.method(), request.uri(), request, bodyOf(request), answer);
                observers.forEach(observer -> observer.accept(exchange));
            }
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Observers see the service's answers only, not those of a fake provider called through this client. */
    private boolean isToTheService(URI uri) {
        return uri.getScheme().equals(base.getScheme()) && uri.getHost().equals(base.getHost())
                && uri.getPort() == base.getPort();
    }

    /** The bytes a request's body publisher gives, read again (the JDK's publishers can be replayed). */
    private static byte[] bodyOf(HttpRequest request) {
        if (request.bodyPublisher().isEmpty()) {
            return new byte[0];
        }
        CompletableFuture<byte[]> bytes = new CompletableFuture<>();
        request.bodyPublisher().get().subscribe(new Flow.Subscriber<ByteBuffer>() {
            private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer buffer) {
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                out.writeBytes(chunk);
            }

            @Override
            public void onError(Throwable failure) {
                bytes.completeExceptionally(failure);
            }

            @Override
            public void onComplete() {
                bytes.complete(out.toByteArray());
            }
        });
        try {
            return bytes.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the request body could not be read again", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A request to {@code path} with the admin key and a 30 s timeout. */
    public HttpRequest.Builder request(String path) {
        return unauthenticated(path).header("Authorization", "Bearer " + apiKey.reveal());
    }

    public HttpRequest.Builder unauthenticated(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }
}
