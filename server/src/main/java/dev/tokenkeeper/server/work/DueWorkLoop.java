package dev.tokenkeeper.server.work;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop of a background worker over durable work (due rows claimed under fenced leases): run what is due; when
 * nothing was, sleep until the earliest due row, at least {@code minIdle} and at most {@code maxIdle} (another instance
 * may add work unseen), or until {@link #wake()}; after the loop itself fails, log it once and pause. One virtual
 * thread; {@link #close()} stops it and waits for it.
 */
public final class DueWorkLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DueWorkLoop.class);

    /**
     * Timing of the loop.
     *
     * @param minIdle      the shortest sleep when nothing was due
     * @param maxIdle      the longest sleep when nothing was due (the work table is looked at this often)
     * @param afterFailure the pause after the loop itself failed
     */
    public record Idle(Duration minIdle, Duration maxIdle, Duration afterFailure) {
        public Idle {
            Objects.requireNonNull(minIdle, "minIdle");
            Objects.requireNonNull(maxIdle, "maxIdle");
            Objects.requireNonNull(afterFailure, "afterFailure");
        }
    }

    private final String name;
    private final IntSupplier runDue;
    private final Supplier<Optional<Duration>> untilNextDue;
    private final Idle idle;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wakeUp = lock.newCondition();
    private boolean woken;
    private volatile boolean running;
    private Thread thread;

    /**
     * @param name         names the thread ({@code tokenkeeper-<name>}) and the failure log line
     * @param runDue       runs (or starts) the due work; answers how much it took on
     * @param untilNextDue how long until the earliest due row, if any
     */
    public DueWorkLoop(String name, IntSupplier runDue, Supplier<Optional<Duration>> untilNextDue, Idle idle) {
        this.name = Objects.requireNonNull(name, "name");
        this.runDue = Objects.requireNonNull(runDue, "runDue");
        this.untilNextDue = Objects.requireNonNull(untilNextDue, "untilNextDue");
        this.idle = Objects.requireNonNull(idle, "idle");
    }

    /** Starts the loop's thread. */
    public void start() {
        running = true;
        thread = Thread.ofVirtual().name("tokenkeeper-" + name).start(this::loop);
    }

    /** Looks for due work now (some was just added here, or a slot was freed). */
    public void wake() {
        lock.lock();
        try {
            woken = true;
            wakeUp.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        while (running) {
            try {
                if (runDue.getAsInt() == 0) {
                    // A due row that could not be claimed is leased elsewhere: look again in a while.
                    Duration wait = untilNextDue.get().filter(until -> until.compareTo(idle.maxIdle()) < 0)
                            .orElse(idle.maxIdle());
                    sleep(wait.compareTo(idle.minIdle()) < 0 ? idle.minIdle() : wait);
                }
            } catch (RuntimeException e) {
                LOG.warn("event={}_failed the {} loop failed and will look again", name.replace('-', '_'), name, e);
                sleep(idle.afterFailure());
            }
        }
    }

    private void sleep(Duration wait) {
        lock.lock();
        try {
            if (running && !woken) {
                wakeUp.await(wait.toMillis(), TimeUnit.MILLISECONDS);
            }
            woken = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }

    /** Stops the loop and waits for its thread at most {@code grace}. */
    public void stop(Duration grace) {
        running = false;
        wake();
        if (thread != null) {
            try {
                thread.join(grace);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(15));
    }
}
