package dev.tokenkeeper.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** A plain HTTP client speaking OAuth to the fake provider, the way a test would by hand. */
final class OAuthClient {
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An answer: status, headers and body. */
    record Reply(int status, HttpHeaders headers, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        String text(String field) {
            return json().path(field).asText(null);
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    private final FakeProvider provider;

    OAuthClient(FakeProvider provider) {
        this.provider = provider;
    }

    /** Refreshes with the default client, authenticated by HTTP Basic. */
    Reply refresh(String refreshToken) {
        return token(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
    }

    /** A token request with the default client, authenticated by HTTP Basic. */
    Reply token(Map<String, String> form) {
        return send(tokenRequest(form).build());
    }

    HttpRequest.Builder tokenRequest(Map<String, String> form) {
        return formRequest(provider.tokenUrl(), form)
                .header("Authorization", basic(FakeProvider.DEFAULT_CLIENT_ID, FakeProvider.DEFAULT_CLIENT_SECRET));
    }

    static HttpRequest.Builder formRequest(URI uri, Map<String, String> form) {
        return HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form)));
    }

    Reply me(String accessToken) {
        return send(HttpRequest.newBuilder(provider.apiBaseUrl().resolve("/me"))
                .header("Authorization", "Bearer " + accessToken).build());
    }

    static Reply send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code Basic base64(urlencode(id):urlencode(secret))}, per RFC 6749 §2.3.1. */
    static String basic(String clientId, String secret) {
        String pair = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    static Map<String, String> form(String... namesAndValues) {
        Map<String, String> form = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            form.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return form;
    }
}
