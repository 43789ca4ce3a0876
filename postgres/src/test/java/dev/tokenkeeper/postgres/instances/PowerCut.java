package dev.tokenkeeper.postgres.instances;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Kills an instance and its embedded PostgreSQL at the same moment with SIGKILL, as an OOM kill of the service's
 * process group or a power cut does: the instance's process group (it was started with {@code setsid}) and the
 * postmaster's (pg_ctl starts it in a session of its own), with its backends, in one {@code kill} call.
 */
final class PowerCut {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private PowerCut() {}

    /** The pid in {@code postmaster.pid} when that process is alive. */
    static Optional<Long> postmasterOf(Path dataDirectory) {
        try {
            long pid = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).getFirst().strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(ProcessHandle::pid);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Kills both process groups together and waits until the JVM and the postmaster are gone. */
    static void of(InstanceProcess instance, Path dataDirectory) {
        Optional<Long> postmaster = postmasterOf(dataDirectory);
        List<String> command = new ArrayList<>(List.of("kill", "-KILL", "--"));
        postmaster.ifPresent(pid -> command.add("-" + pid));
        command.add("-" + instance.pid());
        run(command);
        instance.kill();
        postmaster.flatMap(ProcessHandle::of).ifPresent(PowerCut::awaitGone);
    }

    /** Kills the postmaster left behind by a killed instance, if any (cleanup after a failed test). */
    static void killLeftover(Path dataDirectory) {
        postmasterOf(dataDirectory).ifPresent(pid -> {
            run(List.of("kill", "-KILL", "--", "-" + pid));
            ProcessHandle.of(pid).ifPresent(PowerCut::awaitGone);
        });
    }

    private static void run(List<String> command) {
        try {
            Process kill = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!kill.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(command + " did not finish");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }

    private static void awaitGone(ProcessHandle process) {
        try {
            process.onExit().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("process " + process.pid() + " survived SIGKILL", e);
        }
    }
}
