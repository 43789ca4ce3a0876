package dev.tokenkeeper.bench.library;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The baseline: an ideal in-process single-flight cache — a map of token and expiry read without a lock, one future
 * per refresh in flight, refreshing with a bare JDK HTTP client POST; a token is served while it outlives the same
 * buffer the engine uses (a quarter of its lifetime, at most 30 s), the lifetime counted from the request's sending.
 */
final class IdealCache implements TokenSource {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A cached token: served while {@code System.nanoTime()} is before {@code usableUntil}. */
    private record Entry(String accessToken, String refreshToken, long usableUntil, long refreshedAt) {}

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CompletableFuture<Entry>> inFlight = new ConcurrentHashMap<>();
    private final HttpClient client;
    private final URI tokenUrl;
    private final String basicAuth;
    private final Timebase time;

    IdealCache(HttpClient client, URI tokenUrl, String basicAuth, Timebase time) {
        this.client = client;
        this.tokenUrl = tokenUrl;
        this.basicAuth = basicAuth;
        this.time = time;
    }

    /** Puts an imported token that expires {@code expiresIn} from now. */
    void put(String connectionId, String accessToken, String refreshToken, Duration expiresIn) {
        entries.put(connectionId, new Entry(accessToken, refreshToken, usableUntil(System.nanoTime(), expiresIn),
                NEVER_REFRESHED));
    }

    @Override
    public long get(String connectionId) {
        Entry entry = entries.get(connectionId);
        if (System.nanoTime() - entry.usableUntil() < 0) {
            return entry.refreshedAt();
        }
        CompletableFuture<Entry> mine = new CompletableFuture<>();
        CompletableFuture<Entry> running = inFlight.putIfAbsent(connectionId, mine);
        try {
            return (running != null ? running.join() : lead(connectionId, mine)).refreshedAt();
        } catch (RuntimeException e) {
            return FAILED;
        }
    }

    private Entry lead(String connectionId, CompletableFuture<Entry> mine) {
        try {
            Entry current = entries.get(connectionId);
            Entry next = System.nanoTime() - current.usableUntil() < 0 ? current : refresh(current);
            entries.put(connectionId, next);
            mine.complete(next);
            return next;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(connectionId, mine);
        }
    }

    private Entry refresh(Entry current) {
        String form = "grant_type=refresh_token&refresh_token="
                + URLEncoder.encode(current.refreshToken(), StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(tokenUrl).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .header("Authorization", basicAuth).POST(HttpRequest.BodyPublishers.ofString(form)).build();
        long sentAt = System.nanoTime();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("refresh answered " + response.statusCode());
            }
            JsonNode body = JSON.readTree(response.body());
            return new Entry(body.path("access_token").asText(), body.path("refresh_token").asText(),
                    usableUntil(sentAt, Duration.ofSeconds(body.path("expires_in").asLong())),
                    time.epochNanos(System.nanoTime()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** As the engine: the lifetime counts from when the request was sent, less the buffer. */
    private static long usableUntil(long sentAt, Duration expiresIn) {
        Duration buffer = expiresIn.dividedBy(4).compareTo(Duration.ofSeconds(30)) < 0
                ? expiresIn.dividedBy(4) : Duration.ofSeconds(30);
        return sentAt + expiresIn.minus(buffer).toNanos();
    }

    @Override
    public String name() {
        return "ideal single-flight cache";
    }
}
