package dev.tokenkeeper.bench.library;

import dev.tokenkeeper.server.logging.LogFormat;
import dev.tokenkeeper.server.logging.ServiceLogging;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./tokenkeeper bench library [seconds] [threads] [connections]}: the library ({@code RefreshEngine} over the
 * in-memory stores) against an ideal single-flight cache on two schedules (refreshing once a token is unusable, and
 * ahead on the engine's proactive schedule), in one JVM on the same threads and the same fake provider,
 * with 2 s rotating tokens (refreshes and reuse detection) and with 1 h tokens (hits only); then the cost of one
 * refresh exchange over a 10 ms provider latency. Prints Markdown tables for {@code BENCHMARKS.md}.
 */
public final class LibraryBench {
    static final Duration ROTATING = Duration.ofSeconds(2);
    static final Duration LONG_LIVED = Duration.ofHours(1);
    static final int EXCHANGE_ROUNDS = 200;

    private LibraryBench() {}

    public static void main(String[] args) throws InterruptedException, IOException {
        ServiceLogging.use(LogFormat.HUMAN);
        ServiceLogging.onlyWarnings(org.slf4j.Logger.ROOT_LOGGER_NAME);
        LibrarySettings settings;
        try {
            settings = LibrarySettings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench library: " + e.getMessage()
                    + "; usage: ./tokenkeeper bench library [seconds] [threads] [connections]");
            System.exit(2);
            return;
        }
        run(settings, System.out, System.err);
    }

    /** Runs both scenarios and the exchange measurement, printing the report to {@code out}. */
    static void run(LibrarySettings settings, PrintStream out, PrintStream progress)
            throws InterruptedException, IOException {
        Timebase time = Timebase.now();
        out.println(header(settings));
        for (Duration lifetime : List.of(ROTATING, LONG_LIVED)) {
            List<SideResult> sides = Scenario.run(lifetime, settings, time, progress);
            out.println(LibraryReport.scenario(lifetime, sides));
            out.flush();
        }
        progress.printf("bench library: %d sequential refresh exchanges each way%n", EXCHANGE_ROUNDS);
        out.println(ExchangeCost.run(EXCHANGE_ROUNDS, settings.threads()));
    }

    private static String header(LibrarySettings settings) {
        Runtime runtime = Runtime.getRuntime();
        return String.format(Locale.ROOT, "%s, %d cores, Java %s, %s %s; %,d connections per side, %d platform"
                        + " threads looping get(random connection) (each side in its own copy of the loop), each side"
                        + " measured %d s per scenario (six phases: library, ideal, ideal ahead, ideal ahead, ideal,"
                        + " library), each phase after an"
                        + " unmeasured run of the same side of at least %d s, longer (by at most %d s) until the JIT's"
                        + " compiler threads used at most 2 %% of a 2 s step; fake provider"
                        + " on loopback with rotating refresh tokens and reuse detection; one JVM. Latency of each"
                        + " get by System.nanoTime(); a *wait* is a get whose token was refreshed while it ran.%n",
                LocalDate.now(), runtime.availableProcessors(), System.getProperty("java.version"),
                System.getProperty("os.name"), System.getProperty("os.arch"), settings.connections(),
                settings.threads(), settings.measured().toSeconds(), settings.warmup().toSeconds(),
                LibrarySettings.MOST_EXTRA_SETTLING.toSeconds());
    }
}
