package dev.tokenkeeper.postgres.instances;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The parent's handle on one instance process ({@link InstanceMain} in a child JVM): sends command lines, reads
 * answers with a timeout, kills it with SIGKILL. Every failure (an {@code error} answer, no answer in time, the
 * child's death) is an {@link InstanceException} naming the instance, its exit and its last stderr lines.
 *
 * <p>One thread at a time sends and reads answers; {@link #kill()} and {@link #close()} may come from any thread.
 */
public final class InstanceProcess implements AutoCloseable {
    /** How long a child may take to start: generous, the machine may be busy building; a bound, not a goal. */
    public static final Duration STARTUP = Duration.ofSeconds(120);
    private static final Duration EXIT_WAIT = Duration.ofSeconds(10);
    private static final Duration DRAIN_WAIT = Duration.ofSeconds(2);
    private static final int STDERR_LINES = 200;
    /** What the scheduler's lag lines (rising and recovered) start with. */
    static final String LAG_MARKER = "refresh_scheduler_lag";
    private static final Optional<String> END = Optional.empty();
    private static final String OK = "ok ";
    private static final List<String> PROTOCOL = List.of(InstanceMain.READY + " ", OK, "error ");

    private final String instanceId;
    private final Process process;
    private final BufferedWriter stdin;
    private final BlockingQueue<Optional<String>> stdout = new LinkedBlockingQueue<>();
    private final Deque<String> unanswered = new ConcurrentLinkedDeque<>();
    private final OutputTail stderr = new OutputTail(STDERR_LINES);
    private final List<TimedLine> lagLines = new CopyOnWriteArrayList<>();
    private final Thread stderrPump;

    private InstanceProcess(String instanceId, Process process) {
        this.instanceId = instanceId;
        this.process = process;
        this.stdin = process.outputWriter(StandardCharsets.UTF_8);
        LinePump.start(process.getInputStream(), instanceId + "-stdout", line -> stdout.add(Optional.of(line)),
                () -> stdout.add(END));
        this.stderrPump = LinePump.start(process.getErrorStream(), instanceId + "-stderr", this::logLine, () -> { });
    }

    /** Starts a child JVM running {@link InstanceMain} with these options; see {@link #awaitReady}. */
    public static InstanceProcess launch(InstanceOptions options) {
        return launch(options, List.of());
    }

    /**
     * Starts the child as the leader of a session and process group of its own ({@code setsid}), so that killing
     * that group kills the JVM and whatever it started in it, as an OOM kill of a service's group or a power cut does.
     * (pg_ctl puts the embedded postmaster in a session of its own: see {@link PowerCut}.)
     */
    public static InstanceProcess launchInOwnSession(InstanceOptions options) {
        return launch(options, List.of("setsid"));
    }

    private static InstanceProcess launch(InstanceOptions options, List<String> prefix) {
        List<String> command = new java.util.ArrayList<>(prefix);
        command.addAll(ChildJvm.command(InstanceMain.class, options.jvmFlags(), options.toArguments()));
        ProcessBuilder builder = new ProcessBuilder(command);
        try {
            Process process = builder.start();
            Reaper.watch(process);
            return new InstanceProcess(options.instanceId(), process);
        } catch (IOException e) {
            throw new InstanceException("cannot start instance " + options.instanceId() + ": " + e);
        }
    }

    /** Waits until the child printed {@code ready}; throws when it died first or took longer than {@code timeout}. */
    public InstanceProcess awaitReady(Duration timeout) {
        nextLine("starting", timeout);
        return this;
    }

    /** Sends one command and returns its answer's payload (what follows {@code ok}). */
    public String call(String command, Duration timeout) {
        send(command);
        return answer(timeout);
    }

    /** Sends one command without waiting; read its answer with {@link #answer}, answers come in order. */
    public void send(String command) {
        if (command.isBlank() || command.lines().count() != 1) {
            throw new IllegalArgumentException("a command is one non-blank line: " + command);
        }
        unanswered.addLast(command);
        try {
            stdin.write(command);
            stdin.newLine();
            stdin.flush();
        } catch (IOException e) {
            awaitExit();
            throw failure("could not take '" + command + "' (" + e.getMessage() + ")");
        }
    }

    /**
     * The payload of the answer to the oldest command not answered yet. When none comes in time, that command stays
     * the oldest, so that answers never get paired with the wrong command.
     */
    public String answer(Duration timeout) {
        String command = Optional.ofNullable(unanswered.peekFirst()).orElseThrow(
                () -> new IllegalStateException("no command awaits an answer from " + instanceId));
        String line = nextLine("answering '" + command + "'", timeout);
        unanswered.pollFirst();
        if (line.startsWith(OK)) {
            return line.substring(OK.length());
        }
        throw failure("answered '" + command + "' with: " + line);
    }

    /** Kills the child with SIGKILL, waits until it is gone and returns its exit status (137 on Linux). */
    public int kill() {
        process.destroyForcibly();
        return awaitExit().orElseThrow(() -> failure("was still running " + EXIT_WAIT.toSeconds() + " s after SIGKILL"));
    }

    /**
     * Sends the child a signal with {@code kill(1)}, e.g. {@code STOP} to freeze it (as a long GC pause or a frozen
     * VM does) and {@code CONT} to let it run on; waits (bounded) until {@code kill} returns.
     */
    public void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!kill.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS) || kill.exitValue() != 0) {
                throw failure("could not be sent SIG" + name);
            }
        } catch (IOException e) {
            throw failure("could not be sent SIG" + name + " (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while sending SIG" + name);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** The exit status once the child has exited; empty while it runs. */
    public Optional<Integer> exitStatus() {
        return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
    }

    public String instanceId() {
        return instanceId;
    }

    /** The scheduler lag lines ({@value #LAG_MARKER}…) the child logged, oldest first, whenever they came. */
    public List<TimedLine> lagLines() {
        return List.copyOf(lagLines);
    }

    private void logLine(String line) {
        stderr.add(line);
        if (line.contains(LAG_MARKER)) {
            lagLines.add(new TimedLine(Instant.now(), instanceId, line));
        }
    }

    /** The child's last stderr lines (its log), oldest first. */
    public String stderrTail() {
        return stderr.text();
    }

    /** Asks the child to quit and waits (bounded); kills it if it does not exit in time. Idempotent. */
    @Override
    public void close() {
        if (process.isAlive()) {
            requestQuit();
            if (awaitExit().isEmpty()) {
                kill();
            }
        }
        Reaper.forget(process);
    }

    /** Sends {@code quit} without waiting, so that several children can stop at the same time. */
    void requestQuit() {
        try {
            stdin.write(InstanceMain.QUIT);
            stdin.newLine();
            stdin.flush();
        } catch (IOException e) {
            // it is gone or going already; close() waits and tells
        }
    }

    /**
     * The next protocol line ({@code ready}, {@code ok}, {@code error}); anything else on stdout (the JVM's own
     * warnings) goes to the stderr tail.
     */
    private String nextLine(String doing, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<String> line = poll(doing, deadline - System.nanoTime());
            if (line == null) {
                throw failure("did not finish " + doing + " within " + timeout);
            }
            if (line.isEmpty()) {
                stdout.add(END);
                awaitExit();
                throw failure("died while " + doing);
            }
            if (PROTOCOL.stream().anyMatch(line.get()::startsWith)) {
                return line.get();
            }
            stderr.add("(stdout) " + line.get());
        }
    }

    private Optional<String> poll(String doing, long nanos) {
        try {
            return stdout.poll(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while " + doing);
        }
    }

    /** The exit status once the child exited (waiting a bounded time), with its stderr fully read. */
    private Optional<Integer> awaitExit() {
        try {
            if (!process.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                return Optional.empty();
            }
            stderrPump.join(DRAIN_WAIT);
            Reaper.forget(process);
            return Optional.of(process.exitValue());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private InstanceException failure(String what) {
        return new InstanceException("instance " + instanceId + " (pid " + process.pid() + ") " + what + "; "
                + ExitStatus.describe(process) + "; its last stderr lines:\n" + stderr.text());
    }
}
