package dev.tokenkeeper.fake;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code ANY /writes/**}: a resource endpoint with side effects to count. Every request is logged on arrival (grant,
 * body marker, acceptance) in arrival order, then answered 200 {@code {"grant_id","marker"}} behind a valid Bearer
 * token, or as the resource API refuses an invalid one; while writes are held, the answer waits for a release.
 */
final class WriteLog {
    private final ResourceHandler resource;
    private final GrantRegistry registry;
    private final Pauses pauses;
    private final InstantSource clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<ResourceWrite> writes = new ArrayList<>();
    /** The latch writes arriving now wait on; null when writes are not held. */
    private final AtomicReference<CountDownLatch> gate = new AtomicReference<>();
    private final LinkedHashSet<Long> unanswered = new LinkedHashSet<>();

    WriteLog(ResourceHandler resource, GrantRegistry registry, Pauses pauses, InstantSource clock) {
        this.resource = resource;
        this.registry = registry;
        this.pauses = pauses;
        this.clock = clock;
    }

    HttpReply write(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        AccessToken presented = authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? null : registry.accessToken(authorization.substring(7).trim());
        boolean accepted = presented != null && presented.validAt(clock.instant());
        ResourceWrite write = log(exchange, presented, accepted, Json.stringField(body, "action"));
        try {
            awaitRelease(gate.get());
            return resource.authorized(exchange, token -> HttpReply.json(200, Map.of("grant_id", token.grant().id(),
                    "marker", Objects.requireNonNullElse(write.marker(), ""))));
        } finally {
            answered(write.sequence());
        }
    }

    private ResourceWrite log(HttpExchange exchange, AccessToken presented, boolean accepted, String marker) {
        lock.lock();
        try {
            ResourceWrite write = new ResourceWrite(writes.size() + 1L, clock.instant(), exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(), presented == null ? null : presented.grant().id(),
                    accepted, marker, exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            writes.add(write);
            unanswered.add(write.sequence());
            return write;
        } finally {
            lock.unlock();
        }
    }

    private void answered(long sequence) {
        lock.lock();
        try {
            unanswered.remove(sequence);
        } finally {
            lock.unlock();
        }
    }

    List<ResourceWrite> writes() {
        lock.lock();
        try {
            return List.copyOf(writes);
        } finally {
            lock.unlock();
        }
    }

    /** The writes received whose answer is not sent yet (held by the delay). */
    List<ResourceWrite> unanswered() {
        lock.lock();
        try {
            return unanswered.stream().map(sequence -> writes.get((int) (sequence - 1))).toList();
        } finally {
            lock.unlock();
        }
    }

    /** Writes arriving from now on wait, unanswered, until released. */
    void hold() {
        gate.compareAndSet(null, new CountDownLatch(1));
    }

    /** Lets the writes waiting now go; later ones wait again if {@code keepHolding}, else run at once. */
    void release(boolean keepHolding) {
        CountDownLatch released = gate.getAndSet(keepHolding ? new CountDownLatch(1) : null);
        if (released != null) {
            released.countDown();
        }
    }

    private void awaitRelease(CountDownLatch latch) {
        try {
            while (latch != null && !latch.await(100, TimeUnit.MILLISECONDS)) {
                if (pauses.pause(Duration.ZERO)) {
                    return; // the provider is closing
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
