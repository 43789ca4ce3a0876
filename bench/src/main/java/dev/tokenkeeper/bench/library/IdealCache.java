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
import java.util.concurrent.ThreadLocalRandom;

/**
 * The baseline: an ideal in-process single-flight cache — a map of token and expiry read without a lock, one future
 * per refresh in flight, refreshing with a bare JDK HTTP client POST; a token is served while it outlives the same
 * buffer the engine uses (a quarter of its lifetime, at most 30 s), the lifetime counted from the request's sending.
 * Two schedules: refreshing only once the token is unusable, its callers waiting for it; or ahead, on the engine's
 * proactive schedule (a margin drawn from [60 s, 180 s] before expiry, capped at half the lifetime), the refresh
 * running on a virtual thread while callers keep getting the still usable token, as the engine's refresh-ahead does.
 */
final class IdealCache implements TokenSource {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LEAST_MARGIN = Duration.ofSeconds(60);
    private static final Duration MOST_MARGIN = Duration.ofSeconds(180);

    /**
     * A cached token: a hit while {@code System.nanoTime()} is before {@code refreshAt}; after it, and while before
     * {@code usableUntil}, still served while a refresh runs ahead.
     */
    private record Entry(String accessToken, String refreshToken, long refreshAt, long usableUntil, long refreshedAt) {}

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CompletableFuture<Entry>> inFlight = new ConcurrentHashMap<>();
    private final HttpClient client;
    private final URI tokenUrl;
    private final String basicAuth;
    private final Timebase time;
    private final boolean refreshAhead;

    /**
     * @param refreshAhead true to refresh ahead on the engine's proactive schedule; false to refresh only once a
     *     token is unusable
     */
    IdealCache(HttpClient client, URI tokenUrl, String basicAuth, Timebase time, boolean refreshAhead) {
        this.client = client;
        this.tokenUrl = tokenUrl;
        this.basicAuth = basicAuth;
        this.time = time;
        this.refreshAhead = refreshAhead;
    }

    /** Puts an imported token that expires {@code expiresIn} from now. */
    void put(String connectionId, String accessToken, String refreshToken, Duration expiresIn) {
        entries.put(connectionId, entry(accessToken, refreshToken, System.nanoTime(), expiresIn, NEVER_REFRESHED));
    }

    @Override
    public long get(String connectionId) {
        Entry entry = entries.get(connectionId);
        long now = System.nanoTime();
        if (now - entry.refreshAt() < 0) {
            return entry.refreshedAt();
        }
        if (now - entry.usableUntil() < 0) {
            startAhead(connectionId);
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

    /** Starts the one refresh of the connection on a virtual thread, unless one is in flight. */
    private void startAhead(String connectionId) {
        if (inFlight.containsKey(connectionId)) {
            return;
        }
        CompletableFuture<Entry> mine = new CompletableFuture<>();
        if (inFlight.putIfAbsent(connectionId, mine) == null) {
            Thread.ofVirtual().start(() -> {
                try {
                    lead(connectionId, mine);
                } catch (RuntimeException e) {
                    // the joined callers got it through the future; the next get past refreshAt tries again
                }
            });
        }
    }

    private Entry lead(String connectionId, CompletableFuture<Entry> mine) {
        try {
            Entry current = entries.get(connectionId);
            Entry next = System.nanoTime() - current.refreshAt() < 0 ? current : refresh(current);
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
            return entry(body.path("access_token").asText(), body.path("refresh_token").asText(), sentAt,
                    Duration.ofSeconds(body.path("expires_in").asLong()), time.epochNanos(System.nanoTime()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * As the engine: the lifetime counts from when the request was sent; usable until the buffer before expiry;
     * refreshed ahead at expiry less a margin drawn uniformly from [min(60 s, L/2), min(180 s, L/2)], or only once
     * unusable.
     */
    private Entry entry(String accessToken, String refreshToken, long sentAt, Duration expiresIn, long refreshedAt) {
        Duration buffer = expiresIn.dividedBy(4).compareTo(Duration.ofSeconds(30)) < 0
                ? expiresIn.dividedBy(4) : Duration.ofSeconds(30);
        long usableUntil = sentAt + expiresIn.minus(buffer).toNanos();
        long refreshAt = usableUntil;
        if (refreshAhead) {
            long half = expiresIn.toNanos() / 2;
            long least = Math.min(LEAST_MARGIN.toNanos(), half);
            long most = Math.min(MOST_MARGIN.toNanos(), half);
            long margin = least == most ? least : ThreadLocalRandom.current().nextLong(least, most + 1);
            refreshAt = sentAt + expiresIn.toNanos() - margin;
        }
        return new Entry(accessToken, refreshToken, refreshAt, usableUntil, refreshedAt);
    }

    @Override
    public String name() {
        return refreshAhead ? "ideal single-flight cache, refreshing ahead on the engine's schedule"
                : "ideal single-flight cache, refreshing once unusable";
    }
}
