package dev.tokenkeeper.postgres.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A postmaster of our data directory whose owning JVM is gone (killed with SIGKILL: pg_ctl starts the postmaster in
 * a session of its own, so it outlives the JVM). It holds {@code postmaster.pid}, and every later start on the
 * directory would fail; it is found and shut down (SIGTERM, then immediate shutdown), with one log line.
 *
 * <p>The JVM that runs a server holds a lock on {@code epg-lock} in the data directory (the embedding library's);
 * while a live process holds it, the directory is in use and nothing is stopped.
 */
final class OrphanedPostmaster {
    private static final Logger LOG = LoggerFactory.getLogger(OrphanedPostmaster.class);
    static final String OWNER_LOCK = "epg-lock";
    private static final String PID_FILE = "postmaster.pid";
    private static final Duration EACH_WAIT = Duration.ofSeconds(20);
    /** SIGTERM asks for a smart shutdown (the orphan's clients died with their JVM), SIGQUIT for an immediate one. */
    private static final List<String> SIGNALS = List.of("TERM", "INT", "QUIT");

    private OrphanedPostmaster() {}

    /**
     * Refuses a directory whose server a live process owns; stops our orphaned postmaster, if any, and says so.
     *
     * @throws DataDirectoryInUseException when a live process (this one or another) holds the directory's lock
     */
    static void stopIfAny(Path dataDirectory) {
        requireNoLiveOwner(dataDirectory);
        removeIfStale(dataDirectory);
        Optional<ProcessHandle> orphan = find(dataDirectory);
        if (orphan.isEmpty()) {
            return;
        }
        long pid = orphan.get().pid();
        for (String signal : SIGNALS) {
            send(signal, pid);
            if (exited(orphan.get())) {
                LOG.warn("stopped the embedded PostgreSQL (pid {}) that a previous Tokenkeeper process left running on"
                        + " {} when it ended without stopping it (SIG{}); starting it again", pid, dataDirectory,
                        signal);
                return;
            }
        }
        throw new IllegalStateException("the embedded PostgreSQL (pid " + pid + ") left running on " + dataDirectory
                + " by an ended Tokenkeeper process did not stop within " + EACH_WAIT.multipliedBy(SIGNALS.size())
                .toSeconds() + " s of SIGTERM, SIGINT and SIGQUIT; stop it, then start again");
    }

    private static void requireNoLiveOwner(Path dataDirectory) {
        Path lockFile = dataDirectory.resolve(OWNER_LOCK);
        if (!Files.exists(lockFile)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock()) {
            if (lock == null) {
                throw new DataDirectoryInUseException(dataDirectory);
            }
        } catch (OverlappingFileLockException e) {
            throw new DataDirectoryInUseException(dataDirectory);
        } catch (IOException e) {
            // unreadable lock file: the embedding library's own lock decides
        }
    }

    /**
     * A postmaster.pid left by a killed server whose pid now belongs to another program: PostgreSQL would refuse to
     * start ("lock file already exists") for as long as that program runs. No live process owns the directory (checked
     * before), and the pid is not a server of this directory, so the file is stale.
     */
    private static void removeIfStale(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve(PID_FILE);
        Optional<ProcessHandle> named = named(pidFile);
        if (named.isEmpty() || isOurs(named.get(), dataDirectory)) {
            return;
        }
        try {
            Files.deleteIfExists(pidFile);
            LOG.warn("removed the stale {} in {}: it named pid {}, which is now another program, not our server",
                    PID_FILE, dataDirectory, named.get().pid());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the stale " + pidFile, e);
        }
    }

    /** The live process named by postmaster.pid, when it is a PostgreSQL server working in this data directory. */
    static Optional<ProcessHandle> find(Path dataDirectory) {
        return named(dataDirectory.resolve(PID_FILE)).filter(process -> isOurs(process, dataDirectory));
    }

    /** The live process whose pid the file names, if any. */
    private static Optional<ProcessHandle> named(Path pidFile) {
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // a half-written or vanished pid file names no server; PostgreSQL checks again
        }
    }

    private static boolean isOurs(ProcessHandle process, Path dataDirectory) {
        return isPostgres(process) && worksIn(process.pid(), dataDirectory);
    }

    private static boolean isPostgres(ProcessHandle process) {
        return process.info().command().map(command -> Path.of(command).getFileName().toString())
                .filter(name -> name.equals("postgres") || name.equals("postmaster")).isPresent();
    }

    /** The postmaster changes into its data directory: /proc tells where it works (Linux; elsewhere the arguments). */
    private static boolean worksIn(long pid, Path dataDirectory) {
        Path cwd = Path.of("/proc", Long.toString(pid), "cwd");
        if (Files.isSymbolicLink(cwd)) {
            try {
                return Files.readSymbolicLink(cwd).equals(dataDirectory.toRealPath());
            } catch (IOException e) {
                return false; // it ended meanwhile, or is not ours to look at
            }
        }
        String expected = dataDirectory.toAbsolutePath().toString();
        return ProcessHandle.of(pid).flatMap(process -> process.info().arguments())
                .map(arguments -> List.of(arguments).contains(expected)).orElse(false);
    }

    private static void send(String signal, long pid) {
        try {
            Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(pid))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            kill.waitFor(EACH_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            throw new IllegalStateException("cannot signal the orphaned embedded PostgreSQL (pid " + pid + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean exited(ProcessHandle process) {
        try {
            process.onExit().get(EACH_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
