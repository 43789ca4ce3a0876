package dev.tokenkeeper.client;

import java.time.Duration;

/** Waits out a {@code Retry-After}; the default sleeps, tests pass one that records or advances a clock. */
@FunctionalInterface
public interface Sleeper {
    /** The sleeper that blocks the calling thread. */
    Sleeper SYSTEM = duration -> Thread.sleep(duration);

    /** Returns once {@code duration} has passed. */
    void sleep(Duration duration) throws InterruptedException;
}
