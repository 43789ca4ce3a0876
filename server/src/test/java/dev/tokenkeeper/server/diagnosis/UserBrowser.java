package dev.tokenkeeper.server.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.server.ApiClient.Answer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The connect flow as the user's browser goes through it (no API key, redirects not followed, so each hop can be
 * seen), and the connect sessions it leaves behind, read through the API.
 */
final class UserBrowser {
    private static final HttpClient BROWSER = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final ApiClient api;

    UserBrowser(ApiClient api) {
        this.api = api;
    }

    /** A connect session: its id and the authorize URL to send the user to. */
    record Session(String id, URI authorizeUrl) {}

    /** Starts a connect session for {@code providerKey} (a reconnect when {@code connectionId} is not null). */
    Session startConnect(String providerKey, String connectionId) {
        ObjectNode body = ApiClient.object().put("provider", providerKey)
                .put("redirect_after", "https://app.example/done");
        if (connectionId != null) {
            body.put("connection_id", connectionId);
        }
        Answer created = api.post("/v1/connect-sessions", body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return new Session(created.json().path("id").asText(),
                URI.create(created.json().path("authorize_url").asText()));
    }

    /** The user at the provider's authorize URL: where the provider redirects the browser back to (asserts a 302). */
    URI authorize(Session session) {
        Hop hop = browse(session.authorizeUrl());
        assertThat(hop.status()).as(hop.body()).isEqualTo(302);
        return hop.location();
    }

    /** The browser arriving at Tokenkeeper's callback. */
    Hop browse(URI uri) {
        try {
            HttpResponse<String> response = BROWSER.send(HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return new Hop(uri, response.statusCode(), response.headers().firstValue("Location").orElse(null),
                    response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The whole connect flow, approved: returns the connected connection's id (asserts the final redirect). */
    String connect(String providerKey, String connectionId) {
        Hop callback = browse(authorize(startConnect(providerKey, connectionId)));
        assertThat(callback.status()).as(callback.body()).isEqualTo(303);
        String connected = query(callback.location()).get("connection_id");
        assertThat(connected).as(callback.location().toString()).isNotNull();
        return connected;
    }

    JsonNode session(String id) {
        Answer got = api.get("/v1/connect-sessions/" + id);
        assertThat(got.status()).as(got.text()).isEqualTo(200);
        return got.json();
    }

    /**
     * Asserts a failed connect session: {@code state} failed, {@code error.cause} the cause, and the diagnosis-like
     * facts of that cause when the session shows them ({@code actor}, {@code fix} naming {@code fixNames}).
     */
    JsonNode assertConnectFailed(String sessionId, Cause cause, String fixNames) {
        JsonNode session = session(sessionId);
        assertThat(session.path("state").asText()).as("session %s", session).isEqualTo("failed");
        JsonNode error = session.path("error");
        assertThat(error.path("cause").asText()).as("session %s", session).isEqualTo(cause.code());
        if (error.has("actor")) {
            assertThat(error.path("actor").asText()).as("session %s", session).isEqualTo(cause.actor().wireName());
        }
        if (error.has("fix")) {
            assertThat(error.path("fix").asText()).as("session %s", session).contains(fixNames);
        }
        assertThat(cause.fix("x")).contains(fixNames);
        return session;
    }

    /** One answer the browser got. */
    record Hop(URI uri, int status, String locationHeader, String body) {
        URI location() {
            assertThat(locationHeader).as("a redirect from %s (%s): %s", uri, status, body).isNotNull();
            return uri.resolve(locationHeader);
        }
    }

    /** The decoded query parameters of {@code uri}. */
    static Map<String, String> query(URI uri) {
        Map<String, String> params = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            params.put(URLDecoder.decode(name, StandardCharsets.UTF_8),
                    URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return params;
    }
}
