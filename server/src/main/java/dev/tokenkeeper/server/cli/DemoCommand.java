package dev.tokenkeeper.server.cli;

import dev.tokenkeeper.core.port.ConnectionQuery;
import dev.tokenkeeper.server.ServerSettings;
import dev.tokenkeeper.server.Tokenkeeper;
import dev.tokenkeeper.server.connection.ConnectionService;
import dev.tokenkeeper.server.demo.DemoStory;
import dev.tokenkeeper.server.demo.DemoTimings;
import dev.tokenkeeper.server.demo.ScratchTokenkeeper;
import dev.tokenkeeper.server.logging.ServiceLogging;
import java.io.PrintStream;
import java.net.URI;
import java.time.InstantSource;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code demo}: the service on a scratch database with two hostile fake providers and live connections to watch. */
@Command(name = "demo", mixinStandardHelpOptions = true, description = {
        "Start the service with two hostile fake providers (acme, globex) and live connections to watch: proactive"
                + " refreshes with rotation, 429s and a 5xx storm retried, a grant revoked at the provider turning"
                + " needs_reauth (~40 s in), and a reconnect through the connect flow (~70 s in).",
        "It runs on a fresh embedded PostgreSQL in a new temporary directory, deleted on exit, so it never mixes"
                + " with real data: TOKENKEEPER_DATABASE_URL, TOKENKEEPER_DATA_DIR and TOKENKEEPER_KEYSET are"
                + " ignored."})
final class DemoCommand implements Runnable, EnvironmentAware {
    private Map<String, String> environment = System.getenv();

    @Option(names = "--port", description = "HTTP port (default: TOKENKEEPER_PORT or 7780)")
    Integer port;

    @Option(names = "--connections", defaultValue = "24",
            description = "How many connections to import, split between the providers (default: ${DEFAULT-VALUE})")
    int connections;

    @Option(names = "--seconds", description = "Stop by itself after this many seconds (default: run until Ctrl-C)")
    Long seconds;

    @Override
    public void environment(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public void run() {
        if (connections < 2 || connections > ConnectionQuery.MAX_LIMIT) {
            throw new CliException("--connections must be from 2 to " + ConnectionQuery.MAX_LIMIT);
        }
        readableLogs();
        PrintStream out = System.out;
        ScratchTokenkeeper scratch = ScratchTokenkeeper.start(settings(), true);
        Thread hook = new Thread(scratch::close, "tokenkeeper-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        // As serve: the embedded PostgreSQL waits at exit for the demo's own close, so nothing in flight is cut off.
        scratch.tokenkeeper().parts().storage().closedByOwnerAtExit(ServeCommand.OWNER_CLOSE_AT_EXIT);
        try {
            ServeCommand.banner(out, scratch.tokenkeeper());
            tryIt(out, scratch.tokenkeeper(), scratch);
            scratch.closeFirst(DemoStory.start(scratch.tokenkeeper(), DemoTimings.STANDARD, connections, out,
                    InstantSource.system()));
            scratch.awaitClosed(seconds == null ? Long.MAX_VALUE : seconds * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is closing it
            }
            scratch.close();
        }
    }

    private ServerSettings settings() {
        ServerSettings settings = ServerSettings.fromEnvironment(environment);
        if (port == null) {
            return settings;
        }
        String publicUrl = environment.get(ServerSettings.PUBLIC_URL);
        return publicUrl == null || publicUrl.isBlank()
                ? settings.withPort(port).withPublicUrl(URI.create("http://127.0.0.1:" + port))
                : settings.withPort(port);
    }

    /** Copy-paste commands for a second terminal; the key is read from its file, never printed. */
    private static void tryIt(PrintStream out, Tokenkeeper tokenkeeper, ScratchTokenkeeper scratch) {
        String base = tokenkeeper.baseUrl().toString();
        String auth = "-H \"Authorization: Bearer $TOKENKEEPER_API_KEY\" ";
        out.println("Demo data: " + scratch.dataDirectory() + " (temporary, deleted when the demo stops).");
        out.println();
        out.println("Watch it from another terminal:");
        if (tokenkeeper.adminKey().file() != null) {
            out.println("  export TOKENKEEPER_API_KEY=$(cat " + tokenkeeper.adminKey().file() + ")");
        }
        out.println("  curl -s " + auth + "'" + base + "/v1/connections?state=needs_reauth'");
        out.println("  curl -s " + auth + base + "/v1/connections/acme-01");
        out.println("  curl -s " + auth + base + "/v1/connections/acme-01/events");
        out.println("  curl -s -X POST " + auth + base + "/v1/connections/globex-01/token");
        out.println("  curl -s " + base + "/metrics | grep '^tokenkeeper_refresh_attempts'");
        out.println();
        out.flush();
    }

    /**
     * The terminal shows the structured {@code tokenkeeper.refresh} and {@code tokenkeeper.state} lines without the
     * import's own copies of them (the libraries' start-up chatter is quiet anyway: {@code logback.xml}).
     */
    private static void readableLogs() {
        ServiceLogging.onlyWarnings(ConnectionService.class.getName());
    }
}
