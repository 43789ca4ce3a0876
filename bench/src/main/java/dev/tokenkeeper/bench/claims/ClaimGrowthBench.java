package dev.tokenkeeper.bench.claims;

import dev.tokenkeeper.core.port.ClaimBudget;
import dev.tokenkeeper.core.port.RefreshSchedule;
import dev.tokenkeeper.core.refresh.SchedulerSettings;
import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.postgres.embedded.EmbeddedPostgresServer;
import dev.tokenkeeper.postgres.schedule.PostgresRefreshSchedule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * How the refresh schedule's claim of due connections grows with the table: for each size, {@code connections} is
 * filled (see {@link ConnectionFill}) on a scratch embedded PostgreSQL migrated by Flyway, then the production
 * {@link PostgresRefreshSchedule} claims batches of 32 under the default per-provider bound (after each
 * batch, untimed, its rows are refreshed and as many rows newly fall due, so the overdue backlog keeps its size),
 * then, the schedule caught up (nothing due), the idle claim (a poll finding nothing) and
 * {@code untilNextDue} are timed, and the plans
 * and sizes are read; printed as a Markdown table for {@code BENCHMARKS.md}.
 */
public final class ClaimGrowthBench {
    static final int BATCH = SchedulerSettings.DEFAULT.maxConcurrent();
    static final int PER_PROVIDER = SchedulerSettings.DEFAULT.perProvider();
    private static final int CLAIMS = 200;
    private static final int WARM_UP = 20;
    private static final int NEXT_DUE_CALLS = 50;
    private static final int SCAN_FACTOR = 4;
    private static final Duration TTL = Duration.ofMinutes(1);
    /** The idle claims stop after this (at least five made): at a million rows each walks the whole due index. */
    private static final Duration IDLE_TIME = Duration.ofSeconds(20);

    private ClaimGrowthBench() {}

    /** {@code ./tokenkeeper bench claims [rows...]} (default 10000 100000 1000000). */
    public static void main(String[] args) throws IOException {
        dev.tokenkeeper.server.logging.ServiceLogging.use(dev.tokenkeeper.server.logging.LogFormat.HUMAN);
        dev.tokenkeeper.server.logging.ServiceLogging.onlyWarnings(org.slf4j.Logger.ROOT_LOGGER_NAME);
        int[] sizes = args.length == 0 ? new int[] {10_000, 100_000, 1_000_000}
                : Arrays.stream(args).mapToInt(arg -> Integer.parseInt(arg.strip())).toArray();
        if (Arrays.stream(sizes).anyMatch(rows -> rows < 1_000 || rows > 50_000_000)) {
            System.err.println("bench claims: each size must be from 1000 to 50000000 rows");
            System.exit(2);
        }
        System.out.println(run(sizes));
    }

    static String run(int[] sizes) throws IOException {
        Path data = Files.createTempDirectory("tokenkeeper-claims-");
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.builder(data).start();
                PostgresDatabase database = PostgresDatabase.open(server.location("postgres"), 4)) {
            PostgresRefreshSchedule schedule = new PostgresRefreshSchedule(database);
            ClaimProbe probe = new ClaimProbe(database, schedule);
            List<SizeResult> results = new ArrayList<>();
            for (int rows : sizes) {
                long start = System.nanoTime();
                ConnectionFill.fill(database, rows);
                System.err.printf(Locale.ROOT, "bench claims: %,d rows filled in %.1f s%n", rows,
                        (System.nanoTime() - start) / 1e9);
                results.add(measure(database, schedule, probe, rows));
            }
            return ClaimGrowthReport.markdown(results, CLAIMS, BATCH, PER_PROVIDER);
        } finally {
            delete(data);
        }
    }

    private static SizeResult measure(PostgresDatabase database, RefreshSchedule schedule, ClaimProbe probe,
            int rows) {
        Map<String, Long> sizes = probe.sizes();
        ClaimBudget budget = new ClaimBudget(BATCH, PER_PROVIDER, Map.of());
        for (int i = 0; i < WARM_UP; i++) {
            settle(database, schedule.claimDue("bench-claims", TTL, budget));
        }
        double[] claims = new double[CLAIMS];
        long claimed = 0;
        for (int i = 0; i < CLAIMS; i++) {
            long start = System.nanoTime();
            List<RefreshSchedule.Claimed> batch = schedule.claimDue("bench-claims", TTL, budget);
            claims[i] = (System.nanoTime() - start) / 1e6;
            claimed += batch.size();
            settle(database, batch);
        }
        List<String> busyPlan = probe.claimPlan(BATCH, PER_PROVIDER, SCAN_FACTOR);
        long caughtUp = System.nanoTime();
        catchUp(database);
        System.err.printf(Locale.ROOT, "bench claims: %,d rows caught up in %.1f s%n", rows,
                (System.nanoTime() - caughtUp) / 1e9);
        double[] idle = new double[NEXT_DUE_CALLS];
        int idleTook = 0;
        int idleCalls = 0;
        long idleDeadline = System.nanoTime() + IDLE_TIME.toNanos();
        for (int i = 0; i < NEXT_DUE_CALLS && (i < 5 || System.nanoTime() < idleDeadline); i++) {
            idleCalls++;
            long start = System.nanoTime();
            List<RefreshSchedule.Claimed> none = schedule.claimDue("bench-claims", TTL, budget);
            idle[i] = (System.nanoTime() - start) / 1e6;
            idleTook += none.size();
        }
        double[] nextDue = new double[NEXT_DUE_CALLS];
        for (int i = 0; i < NEXT_DUE_CALLS; i++) {
            long start = System.nanoTime();
            schedule.untilNextDue();
            nextDue[i] = (System.nanoTime() - start) / 1e6;
        }
        return new SizeResult(rows, sizes, percentile(claims, 50), percentile(claims, 99),
                (double) claimed / CLAIMS, percentile(Arrays.copyOf(idle, idleCalls), 50), idleTook,
                percentile(nextDue, 50), busyPlan,
                probe.claimPlan(BATCH, PER_PROVIDER, SCAN_FACTOR), probe.nextDuePlan());
    }

    /**
     * Plays what follows a claim, untimed: each claimed row is refreshed (due again in an hour, lease given up), and
     * time moves on by as many rows: the next ones due become overdue, so the backlog keeps its size and every claim
     * meets fresh rows, as a steady schedule does.
     */
    private static void settle(PostgresDatabase database, List<RefreshSchedule.Claimed> batch) {
        String[] ids = batch.stream().map(claimed -> claimed.lease().connectionId()).toArray(String[]::new);
        database.inTransaction(db -> {
            try (PreparedStatement refreshed = db.prepareStatement("update connections set lease_expires_at = null,"
                    + " lease_holder = null, lease_attempt_started_at = null,"
                    + " next_refresh_at = clock_timestamp() + interval '1 hour' where id = any(?)")) {
                refreshed.setArray(1, db.createArrayOf("text", ids));
                refreshed.executeUpdate();
            }
            try (PreparedStatement due = db.prepareStatement("update connections set next_refresh_at ="
                    + " clock_timestamp() - interval '1 millisecond' where id in (select id from connections"
                    + " where " + ConnectionFill.CLAIMABLE + " and next_refresh_at > clock_timestamp()"
                    + " order by next_refresh_at limit ?)")) {
                due.setInt(1, ids.length);
                return due.executeUpdate();
            }
        });
    }

    /** The schedule caught up (untimed): every overdue row refreshed, so nothing is due for five minutes. */
    private static void catchUp(PostgresDatabase database) {
        database.withConnection(db -> {
            try (PreparedStatement refreshed = db.prepareStatement("update connections set next_refresh_at ="
                    + " clock_timestamp() + interval '1 hour' where " + ConnectionFill.CLAIMABLE
                    + " and next_refresh_at <= clock_timestamp() + interval '5 minutes'")) {
                return refreshed.executeUpdate();
            }
        });
    }

    static double percentile(double[] values, int percent) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static void delete(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    static String today() {
        return LocalDate.now().toString();
    }
}
