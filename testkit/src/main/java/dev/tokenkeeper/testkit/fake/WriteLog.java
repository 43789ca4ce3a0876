package dev.tokenkeeper.testkit.fake;

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
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code ANY /writes/**}: a resource endpoint with side effects to count. Every request is logged on arrival (grant,
 * body marker, acceptance) in arrival order, then answered, after the configured delay, 200
 * {@code {"grant_id","marker"}} behind a valid Bearer token or as the resource API refuses an invalid one.
 */
final class WriteLog {
    private final ResourceHandler resource;
    private final GrantRegistry registry;
    private final Pauses pauses;
    private final InstantSource clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<ResourceWrite> writes = new ArrayList<>();
    private final AtomicReference<Duration> delay = new AtomicReference<>(Duration.ZERO);
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
            pauses.pause(delay.get());
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

    void answerAfter(Duration newDelay) {
        if (newDelay.isNegative()) {
            throw new IllegalArgumentException("a delay cannot be negative: " + newDelay);
        }
        delay.set(newDelay);
    }
}
