package dev.tokenkeeper.server.webhook;

import dev.tokenkeeper.core.refresh.Redactor;
import dev.tokenkeeper.core.webhook.DeliveryAttempt;
import dev.tokenkeeper.server.http.BoundedExchange;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

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

    private final BoundedExchange http;

    WebhookPost(Duration timeout) {
        this.http = new BoundedExchange(timeout, MAX_ANSWER_BYTES, "webhook-post");
    }

    Answer post(URI url, Map<String, String> headers, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        try {
            return switch (http.exchange(request)) {
                case BoundedExchange.Answered answered -> new Answer(answered.status(), null,
                        answered.body().isBlank() ? null
                                : Redactor.redactText(Redactor.cut(answered.body(), DeliveryAttempt.MAX_SNIPPET - 1)));
                case BoundedExchange.Failed failed -> Answer.failed(failed.why());
            };
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.failed("interrupted: Tokenkeeper was stopping");
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
