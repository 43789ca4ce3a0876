package dev.tokenkeeper.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenkeeper.client.RetryPolicy;
import dev.tokenkeeper.client.Secret;
import dev.tokenkeeper.client.Sleeper;
import dev.tokenkeeper.client.problem.ErrorAnswers;
import dev.tokenkeeper.client.problem.TokenkeeperHttpException;
import dev.tokenkeeper.client.problem.TokenkeeperTransportException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Sends {@link ApiCall}s with the API key, reads 2xx answers and turns the others into exceptions; a retryable call
 * answered 429 or 503 with {@code Retry-After} is sent again after that wait, as the {@link RetryPolicy} allows.
 */
public final class Transport {
    /** The settings a transport is built from. */
    public record Settings(URI baseUrl, Secret apiKey, HttpClient http, Duration requestTimeout, RetryPolicy retry,
            Sleeper sleeper, InstantSource clock) {
        public Settings {
            Objects.requireNonNull(baseUrl, "baseUrl");
            Objects.requireNonNull(apiKey, "apiKey");
            Objects.requireNonNull(http, "http");
            Objects.requireNonNull(requestTimeout, "requestTimeout");
            Objects.requireNonNull(retry, "retry");
            Objects.requireNonNull(sleeper, "sleeper");
            Objects.requireNonNull(clock, "clock");
        }
    }

    private final Settings settings;
    private final String base;

    public Transport(Settings settings) {
        this.settings = settings;
        String url = settings.baseUrl().toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** The JSON answer of a call. */
    public JsonNode json(ApiCall call) {
        byte[] body = send(call);
        try {
            return Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("Tokenkeeper answered " + call.method() + " " + call.path()
                    + " with a body that is not JSON", e);
        }
    }

    /** The answer of a call as a {@code type}. */
    public <T> T read(ApiCall call, Class<T> type) {
        return Json.read(json(call), type);
    }

    /** The answer of a call as text. */
    public String text(ApiCall call) {
        return new String(send(call), StandardCharsets.UTF_8);
    }

    private byte[] send(ApiCall call) {
        Duration waited = Duration.ZERO;
        for (int retries = 0; ; retries++) {
            HttpResponse<byte[]> response = exchange(call);
            if (response.statusCode() < 400) {
                return response.body();
            }
            Duration retryAfter = RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null),
                    settings.clock().instant());
            TokenkeeperHttpException failure = ErrorAnswers.of(response.statusCode(), response.body(), retryAfter);
            if (!mayRetry(call, response.statusCode(), retryAfter, retries, waited)) {
                throw failure;
            }
            pause(retryAfter, failure);
            waited = waited.plus(retryAfter);
        }
    }

    private boolean mayRetry(ApiCall call, int status, Duration retryAfter, int retries, Duration waited) {
        return call.retryable() && (status == 429 || status == 503) && retryAfter != null
                && settings.retry().allows(retries, waited, retryAfter);
    }

    private void pause(Duration wait, TokenkeeperHttpException failure) {
        try {
            settings.sleeper().sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.addSuppressed(e);
            throw failure;
        }
    }

    private HttpResponse<byte[]> exchange(ApiCall call) {
        HttpRequest request = request(call);
        try {
            return settings.http().send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new TokenkeeperTransportException(call.method() + " " + request.uri() + " got no answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenkeeperTransportException(call.method() + " " + request.uri() + " was interrupted", e);
        }
    }

    private HttpRequest request(ApiCall call) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + call.target()))
                .timeout(settings.requestTimeout())
                .header("Authorization", "Bearer " + settings.apiKey().reveal())
                .header("Accept", "application/json, application/problem+json");
        if (call.body() == null) {
            return builder.method(call.method(), HttpRequest.BodyPublishers.noBody()).build();
        }
        byte[] body = Json.bytes(call.body());
        return builder.header("Content-Type", "application/json")
                .method(call.method(), HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }
}
