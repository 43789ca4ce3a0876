package dev.tokenkeeper.server.webhook;

import dev.tokenkeeper.core.refresh.Redactor;
import dev.tokenkeeper.core.webhook.DeliveryAttempt;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;

/**
 * POSTs one webhook over HTTP/1.1: redirects are not followed, the whole exchange (answer body included) has a
 * deadline, at most {@value #MAX_ANSWER_BYTES} bytes of the answer are read and a redacted start of it is kept.
 */
final class WebhookPost implements AutoCloseable {
    /** The most bytes of an endpoint's answer read. */
    static final int MAX_ANSWER_BYTES = 64 * 1024;

    /** What came back: a status and the start of the answer, or, with no answer, what went wrong. */
    record Answer(Integer status, String error, String snippet) {
        static Answer failed(String error) {
            return new Answer(null, error, null);
        }

        boolean delivered() {
            return status != null && status >= 200 && status <= 299;
        }
    }

    private final Duration timeout;
    private final HttpClient http;

    WebhookPost(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(timeout).build();
    }

    Answer post(URI url, Map<String, String> headers, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        AtomicReference<InputStream> opened = new AtomicReference<>();
        FutureTask<Answer> exchange = new FutureTask<>(() -> send(request.build(), opened));
        Thread.ofVirtual().name("webhook-post").start(exchange);
        try {
            return exchange.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            closeQuietly(opened.get());
            return Answer.failed(noAnswerWithin());
        } catch (ExecutionException e) {
            return Answer.failed(whyUnreachable(e.getCause()));
        } catch (InterruptedException e) {
            exchange.cancel(true);
            closeQuietly(opened.get());
            Thread.currentThread().interrupt();
            return Answer.failed("interrupted: Tokenkeeper was stopping");
        }
    }

    private Answer send(HttpRequest request, AtomicReference<InputStream> opened)
            throws IOException, InterruptedException {
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            opened.set(in);
            byte[] bytes = in.readNBytes(MAX_ANSWER_BYTES);
            String text = new String(bytes, StandardCharsets.UTF_8);
            String snippet = text.isBlank() ? null
                    : Redactor.redactText(Redactor.cut(text, DeliveryAttempt.MAX_SNIPPET - 1));
            return new Answer(response.statusCode(), null, snippet);
        }
    }

    private String noAnswerWithin() {
        return "no complete answer within " + (timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s"
                : timeout.toMillis() + " ms");
    }

    /** The transport failure in words: a Java class name is no one's business. */
    private String whyUnreachable(Throwable failure) {
        return switch (failure) {
            case HttpTimeoutException timedOut -> noAnswerWithin();
            case ConnectException refused -> "connection refused";
            case UnknownHostException unknown -> "host does not resolve";
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
