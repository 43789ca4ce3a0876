package dev.tokenkeeper.server.demo;

import dev.tokenkeeper.postgres.setup.StorageSettings;
import dev.tokenkeeper.server.ServerSettings;
import dev.tokenkeeper.server.Tokenkeeper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A Tokenkeeper on a fresh embedded PostgreSQL in a new temporary directory (keyset and admin key beside it), all
 * deleted again on close: the demo's and the benchmarks' instance, which never meets real data. The environment's
 * storage settings ({@code TOKENKEEPER_DATABASE_URL}, {@code _DATA_DIR}, {@code _KEYSET}) are ignored on purpose.
 */
public final class ScratchTokenkeeper implements AutoCloseable {
    private final Path dataDirectory;
    private final Tokenkeeper tokenkeeper;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile AutoCloseable companion = () -> {};

    private ScratchTokenkeeper(Path dataDirectory, Tokenkeeper tokenkeeper) {
        this.dataDirectory = dataDirectory;
        this.tokenkeeper = tokenkeeper;
    }

    /**
     * Starts Tokenkeeper (proactive refresh on when {@code schedule}) on a new temporary data directory, with
     * {@code TOKENKEEPER_ALLOW_PRIVATE_URLS} on: its fake providers answer on loopback.
     */
    public static ScratchTokenkeeper start(ServerSettings settings, boolean schedule) {
        Path data;
        try {
            data = Files.createTempDirectory("tokenkeeper-scratch-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary data directory", e);
        }
        try {
            StorageSettings storage = new StorageSettings(null, data, null, StorageSettings.DEFAULT_POOL_SIZE, 0);
            return new ScratchTokenkeeper(data, Tokenkeeper.start(settings.withAllowPrivateUrls(true), storage,
                    schedule));
        } catch (RuntimeException | Error e) {
            delete(data);
            throw e;
        }
    }

    public Tokenkeeper tokenkeeper() {
        return tokenkeeper;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Something to close first when this closes (the demo's story, a benchmark's providers). */
    public void closeFirst(AutoCloseable closeable) {
        this.companion = closeable;
    }

    /** Waits until closed (by another thread or a shutdown hook), at most {@code millis}; true if closed. */
    public boolean awaitClosed(long millis) throws InterruptedException {
        return closed.await(millis, TimeUnit.MILLISECONDS);
    }

    /** Closes the companion, then Tokenkeeper and its embedded PostgreSQL, then deletes the directory; once. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        try (tokenkeeper; AutoCloseable first = companion) {
            // closed in reverse order: the companion, then Tokenkeeper
        } catch (Exception e) {
            throw new IllegalStateException("stopping the scratch Tokenkeeper failed", e);
        } finally {
            delete(dataDirectory);
            closed.countDown();
        }
    }

    /**
     * Deletes the directory, walking it again (three times at most) when a file appears or vanishes meanwhile: the
     * embedded PostgreSQL may still be removing its own files when a signal stopped it too.
     */
    private static void delete(Path directory) {
        for (int attempt = 0; attempt < 3 && Files.exists(directory); attempt++) {
            try {
                Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                        Files.deleteIfExists(file);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException gone) {
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                        Files.deleteIfExists(dir);
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                // something changed under the walk: walk again
            }
        }
    }
}
