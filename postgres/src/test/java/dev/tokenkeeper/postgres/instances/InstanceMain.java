package dev.tokenkeeper.postgres.instances;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main class of an instance process: wires an {@link Instance} from {@link InstanceOptions} arguments, prints
 * {@code ready <instanceId> pid=<pid>}, then answers each command line on stdin with one line on stdout until
 * {@code quit} or the end of stdin (the parent is gone). Logs go to stderr; stdout carries the protocol only.
 */
public final class InstanceMain {
    static final String READY = "ready";
    static final String QUIT = "quit";
    static final String BYE = "ok bye";
    /** The exit status when the instance could not start or serve. */
    static final int FAILED = 2;
    /** The exit status when the instance outlived its maximum lifetime (its parent forgot it). */
    static final int EXPIRED = 3;

    private static final Logger LOG = LoggerFactory.getLogger(InstanceMain.class);

    private InstanceMain() {}

    public static void main(String[] arguments) {
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        int status;
        try {
            InstanceOptions options = InstanceOptions.parse(arguments);
            haltAfter(options.maxLifetime());
            status = serve(options, protocol);
        } catch (Exception | Error e) {
            LOG.error("instance could not start or serve: {}", e.toString(), e);
            status = FAILED;
        }
        System.exit(status);
    }

    /**
     * The commands this instance understands. To add one, implement {@link Command} and register it here; the
     * parent sends it with {@link InstanceProcess#call}.
     */
    static Commands commands(Instance instance) {
        return new Commands()
                .register(GetCommand.NAME, new GetCommand(instance.engine(), instance.options().commandTimeout()))
                .register(ScheduleCommand.NAME, new ScheduleCommand(instance.scheduler()));
    }

    private static int serve(InstanceOptions options, PrintStream protocol) throws IOException {
        try (Instance instance = Instance.open(options)) {
            Commands commands = commands(instance);
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            LOG.info("instance {} ready (pid {})", options.instanceId(), ProcessHandle.current().pid());
            protocol.println(READY + " " + options.instanceId() + " pid=" + ProcessHandle.current().pid());
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.strip().equals(QUIT)) {
                    protocol.println(BYE);
                    return 0;
                }
                if (!line.isBlank()) {
                    String answer = commands.dispatch(line);
                    LOG.info("{} -> {}", line, answer);
                    protocol.println(answer);
                }
            }
            LOG.warn("instance {}: stdin closed, the parent is gone; stopping", options.instanceId());
            return 0;
        }
    }

    /** A backstop for a parent that neither quits nor kills this process, nor dies (which closes stdin). */
    private static void haltAfter(Duration maxLifetime) {
        CompletableFuture.runAsync(() -> {
            System.err.println("instance outlived its maximum lifetime of " + maxLifetime + "; halting");
            Runtime.getRuntime().halt(EXPIRED);
        }, CompletableFuture.delayedExecutor(maxLifetime.toMillis(), TimeUnit.MILLISECONDS));
    }
}
