package dev.tokenkeeper.testkit.clock;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/** An {@link InstantSource} that tests set and advance by hand; it follows real time between settings. */
public final class SettableClock implements InstantSource {
    private final InstantSource base;
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    /** A clock that runs with the system clock until advanced. */
    public SettableClock() {
        this(InstantSource.system());
    }

    public SettableClock(InstantSource base) {
        this.base = base;
    }

    /** Jumps forward (or back, for a negative amount). */
    public void advance(Duration amount) {
        offset.accumulateAndGet(amount, Duration::plus);
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset.get());
    }
}
