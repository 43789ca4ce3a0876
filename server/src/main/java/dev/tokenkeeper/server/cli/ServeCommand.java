package dev.tokenkeeper.server.cli;

import dev.tokenkeeper.postgres.setup.StorageSettings;
import dev.tokenkeeper.server.ServerSettings;
import dev.tokenkeeper.server.Tokenkeeper;
import dev.tokenkeeper.server.logging.LogFormat;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code serve}: starts the service with the environment's settings and runs until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Start the service (embedded PostgreSQL under ./data unless TOKENKEEPER_DATABASE_URL is set).")
final class ServeCommand implements Runnable, EnvironmentAware {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);
    private Map<String, String> environment = System.getenv();

    @Option(names = "--port", description = "HTTP port (default: TOKENKEEPER_PORT or 7780)")
    Integer port;

    @Option(names = "--no-schedule", description = "Do not refresh proactively on this instance")
    boolean noSchedule;

    @Override
    public void environment(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public void run() {
        ServerSettings settings = ServerSettings.fromEnvironment(environment);
        if (port != null) {
            settings = settings.withPort(port);
        }
        Tokenkeeper tokenkeeper = Tokenkeeper.start(settings, StorageSettings.fromEnvironment(environment),
                !noSchedule);
        if (LogFormat.fromEnvironment(environment) == LogFormat.JSON) {
            announce(tokenkeeper, !noSchedule);
        } else {
            banner(System.out, tokenkeeper);
        }
        waitUntilStopped(tokenkeeper);
    }

    /** With JSON logs, the banner's facts as one log line (standard output stays empty for the log collector). */
    private static void announce(Tokenkeeper tokenkeeper, boolean schedule) {
        LOG.atInfo().addKeyValue("url", tokenkeeper.baseUrl().toString())
                .addKeyValue("storage", tokenkeeper.parts().storage().description())
                .addKeyValue("admin_api_key", tokenkeeper.adminKey().source())
                .addKeyValue("oauth_callback", tokenkeeper.parts().settings().callbackUrl().toString())
                .addKeyValue("proactive_refresh", schedule)
                .log("Tokenkeeper is running at {} (admin API key {}; OAuth callback {})", tokenkeeper.baseUrl(),
                        tokenkeeper.adminKey().file() == null ? "from " + tokenkeeper.adminKey().source()
                                : "in " + tokenkeeper.adminKey().source(),
                        tokenkeeper.parts().settings().callbackUrl());
    }

    static void banner(PrintStream out, Tokenkeeper tokenkeeper) {
        out.println();
        out.println("Tokenkeeper is running at " + tokenkeeper.baseUrl());
        out.println("  storage:        " + tokenkeeper.parts().storage().description());
        out.println("  admin API key:  " + (tokenkeeper.adminKey().file() == null
                ? "from " + tokenkeeper.adminKey().source()
                : "in " + tokenkeeper.adminKey().source() + "  (export TOKENKEEPER_API_KEY=$(cat "
                        + tokenkeeper.adminKey().source() + "))"));
        out.println("  OAuth callback: " + tokenkeeper.parts().settings().callbackUrl());
        out.println("  health:         " + tokenkeeper.baseUrl() + "/health/ready   metrics: "
                + tokenkeeper.baseUrl() + "/metrics");
        out.println("Stop with Ctrl-C.");
        out.flush();
    }

    /** The longest the embedded PostgreSQL waits at exit for the service to close it: a lease and some slack. */
    static final Duration OWNER_CLOSE_AT_EXIT = Duration.ofSeconds(60);

    /** Blocks until the JVM is asked to stop, then closes the service before it exits. */
    static void waitUntilStopped(Tokenkeeper tokenkeeper) {
        CountDownLatch stopped = new CountDownLatch(1);
        // The service's close lets refreshes in flight commit (up to a lease) before it closes the database.
        tokenkeeper.parts().storage().closedByOwnerAtExit(OWNER_CLOSE_AT_EXIT);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            tokenkeeper.close();
            stopped.countDown();
        }, "tokenkeeper-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
