package dev.tokenkeeper.bench.claims;

import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The claim-growth bench's Markdown: the table by size, what the due rate needs, then each size's plans. */
final class ClaimGrowthReport {
    private static final int PLAN_LINES = 40;

    private ClaimGrowthReport() {}

    static String markdown(List<SizeResult> results, int claims, int batch, int perProvider) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s, %d cores, Java %s, %s %s; a scratch embedded PostgreSQL (durable,"
                        + " default settings), the real schema; per size: %d claims of %d (at most %d per provider,"
                        + " %d providers) by PostgresRefreshSchedule.claimDue, after each claim its rows are"
                        + " refreshed and as many fall due, untimed, so the overdue backlog keeps its 1%% of rows;"
                        + " then, caught up (nothing due), the idle claim (50 times or 20 s) and untilNextDue (50"
                        + " times).%n%n",
                ClaimGrowthBench.today(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), System.getProperty("os.name"), System.getProperty("os.arch"),
                claims, batch, perProvider, ConnectionFill.PROVIDERS));
        List<String> indexes = results.stream().flatMap(r -> r.sizes().keySet().stream())
                .filter(name -> !name.equals("total") && !name.equals("heap"))
                .collect(Collectors.toCollection(TreeSet::new)).stream().toList();
        out.append("| rows | table MB (total, heap) | indexes MB | claim p50 / p99 ms (rows per claim) |"
                + " idle claim p50 ms (rows taken) | untilNextDue p50 ms | plan (scans, top buffers, execution) |\n");
        out.append("|---:|---:|---|---:|---:|---:|---|\n");
        for (SizeResult result : results) {
            out.append(result.markdownRow(indexes)).append('\n');
        }
        out.append('\n');
        for (SizeResult result : results) {
            double duePerSecond = result.rows() / 3600.0;
            double claimsPerSecond = duePerSecond / batch;
            double busyMs = claimsPerSecond * result.claimP50();
            double pollMs = result.idleP50() + result.nextDueP50();
            out.append(String.format(Locale.ROOT, "- %,d rows: due rate %,.1f refreshes/s = %.2f claims of %d per"
                            + " second; at the measured %.2f ms per claim that is %.1f ms of database time per second"
                            + " (%.2f%% of one connection; one claimer sustains about %,.0f rows/s); a caught-up"
                            + " poll (idle claim + untilNextDue) costs %.2f ms.%n", result.rows(), duePerSecond,
                    claimsPerSecond, batch, result.claimP50(), busyMs, busyMs / 10, batch * 1000 / result.claimP50(),
                    pollMs));
        }
        for (SizeResult result : results) {
            out.append(String.format(Locale.ROOT, "%n%,d rows, the claim's scan (EXPLAIN ANALYZE, BUFFERS):%n```%n",
                    result.rows()));
            result.claimPlan().stream().limit(PLAN_LINES).forEach(line -> out.append(line).append('\n'));
            out.append("```\nthe idle claim's scan (nothing due):\n```\n");
            result.idlePlan().stream().limit(PLAN_LINES).forEach(line -> out.append(line).append('\n'));
            out.append("```\nuntilNextDue:\n```\n");
            result.nextDuePlan().stream().limit(PLAN_LINES).forEach(line -> out.append(line).append('\n'));
            out.append("```\n");
        }
        return out.toString();
    }
}
