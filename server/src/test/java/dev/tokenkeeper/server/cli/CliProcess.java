package dev.tokenkeeper.server.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The real command line ({@link Main#main}) in a JVM of its own, with the environment it is given, as the launcher
 * runs it: what it prints on standard output and standard error, line by line, and how it exits.
 */
final class CliProcess implements AutoCloseable {
    private static final long EXIT_MINUTES = 3;

    private final Process process;
    private final List<String> out = new CopyOnWriteArrayList<>();
    private final List<String> err = new CopyOnWriteArrayList<>();
    private final Thread outReader;
    private final Thread errReader;

    private CliProcess(Process process) {
        this.process = process;
        this.outReader = Thread.ofVirtual().start(() -> collect(process.getInputStream(), out));
        this.errReader = Thread.ofVirtual().start(() -> collect(process.getErrorStream(), err));
    }

    /** What a finished command printed and how it exited. */
    record Result(int exitCode, List<String> out, List<String> err) {}

    /** Starts {@code tokenkeeper args…} with exactly {@code environment} (plus PATH and HOME). */
    static CliProcess start(Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        if (Runtime.version().feature() >= 24) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(flag -> flag.startsWith("--enable-native-access=")).forEach(command::add);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> childEnvironment = builder.environment();
        childEnvironment.keySet().removeIf(name -> !name.equals("PATH") && !name.equals("HOME"));
        childEnvironment.putAll(environment);
        try {
            return new CliProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Runs a command that ends by itself and waits (bounded) for it. */
    static Result run(Map<String, String> environment, String... args) {
        try (CliProcess process = start(environment, args)) {
            return process.awaitExit();
        }
    }

    /** The lines printed on standard output so far. */
    List<String> out() {
        return List.copyOf(out);
    }

    /** Asks it to stop as Ctrl-C or a service manager does (SIGTERM), and waits for it. */
    Result stop() {
        process.toHandle().destroy(); // the signal only: Process.destroy would also close the pipes before the last lines
        return awaitExit();
    }

    private Result awaitExit() {
        try {
            if (!process.waitFor(EXIT_MINUTES, TimeUnit.MINUTES)) {
                throw new IllegalStateException("tokenkeeper did not exit within " + EXIT_MINUTES + " minutes; printed "
                        + out + err);
            }
            outReader.join();
            errReader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new Result(process.exitValue(), List.copyOf(out), List.copyOf(err));
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    private static void collect(InputStream stream, List<String> lines) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("(reading failed: " + e + ")");
        }
    }
}
