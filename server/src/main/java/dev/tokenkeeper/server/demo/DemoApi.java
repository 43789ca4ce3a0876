package dev.tokenkeeper.server.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.server.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The demo's client of Tokenkeeper's HTTP API, calling it as a user's code would (JSON with the admin key) and, for
 * the connect flow, as a browser would (no key, cookies kept, each redirect looked at rather than followed).
 */
final class DemoApi implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final URI base;
    private final Secret apiKey;
    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .cookieHandler(new CookieManager())
            .build();

    /** An answer: its status, its {@code Location} header or null, and its body as JSON (empty when not JSON). */
    record Reply(int status, String location, JsonNode body) {
        /** The problem document's {@code code}, or "" when there is none. */
        String code() {
            return body.path("code").asText("");
        }

        boolean success() {
            return status >= 200 && status < 300;
        }
    }

    DemoApi(URI base, Secret apiKey) {
        this.base = base;
        this.apiKey = apiKey;
    }

    Reply get(String path) {
        return send(withKey(path).GET());
    }

    Reply post(String path, JsonNode body) {
        return send(withKey(path).header("Content-Type", Json.MEDIA_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    /** GETs an absolute URL without the admin key, as the user's browser in the connect flow. */
    Reply browse(URI url) {
        return send(HttpRequest.newBuilder(url).timeout(TIMEOUT).GET());
    }

    @Override
    public void close() {
        client.close();
    }

    private HttpRequest.Builder withKey(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + apiKey.reveal());
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers().firstValue("Location").orElse(null),
                    json(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException("calling " + request.build().uri().getPath() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling Tokenkeeper", e);
        }
    }

    private static JsonNode json(String text) {
        try {
            JsonNode node = text == null || text.isBlank() ? null : Json.mapper().readTree(text);
            return node == null ? Json.object() : node;
        } catch (IOException notJson) {
            return Json.object();
        }
    }
}
