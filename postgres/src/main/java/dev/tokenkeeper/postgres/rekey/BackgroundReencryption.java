package dev.tokenkeeper.postgres.rekey;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A {@link Reencryption} running on a virtual thread while the service serves; closing it stops it between batches. */
public final class BackgroundReencryption implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundReencryption.class);

    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final CompletableFuture<ReencryptionReport> report = new CompletableFuture<>();
    private final Thread thread;

    private BackgroundReencryption(Reencryption job) {
        this.thread = Thread.ofVirtual().name("tokenkeeper-reencryption").unstarted(() -> runAndReport(job));
    }

    /** Starts {@code job} on a virtual thread; it ends by itself when nothing remains. */
    public static BackgroundReencryption start(Reencryption job) {
        BackgroundReencryption running = new BackgroundReencryption(job);
        running.thread.start();
        return running;
    }

    /** Completes with the job's report when it ends (by itself or closed), or with the failure that ended it. */
    public CompletableFuture<ReencryptionReport> report() {
        return report.copy();
    }

    /** Asks the job to stop after its current batch and waits until it has. */
    @Override
    public void close() {
        stopRequested.set(true);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void runAndReport(Reencryption job) {
        try {
            report.complete(job.run(stopRequested::get));
        } catch (RuntimeException | Error e) {
            LOG.error("re-encryption failed; what it committed stays, and running it again does the rest", e);
            report.completeExceptionally(e);
        }
    }
}
