package dev.tokenkeeper.core.refresh;

import dev.tokenkeeper.core.port.TokenEndpoint;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A gate in front of real token endpoints: every request is held until {@link #open()}, then passed on. It remembers
 * which threads came to it, so a test sees who waits for a refresh. One gate may front several engines' endpoints.
 */
final class TokenGate {
    /** How long a held request waits for the test to open the gate before it goes on anyway. */
    private static final Duration MOST_HELD = Duration.ofSeconds(60);

    private final CountDownLatch gate = new CountDownLatch(1);
    private final List<Thread> arrived = new CopyOnWriteArrayList<>();

    /** {@code real} behind this gate. */
    TokenEndpoint in(TokenEndpoint real) {
        return (request, deadline) -> {
            arrived.add(Thread.currentThread());
            try {
                gate.await(MOST_HELD.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted at the gate", e);
            }
            return real.exchange(request, deadline);
        };
    }

    /** Lets every held and later request through. */
    void open() {
        gate.countDown();
    }

    /** The threads that brought a request to the gate, in order. */
    List<Thread> arrived() {
        return List.copyOf(arrived);
    }
}
