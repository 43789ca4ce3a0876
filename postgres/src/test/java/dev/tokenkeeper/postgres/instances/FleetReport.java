package dev.tokenkeeper.postgres.instances;

import dev.tokenkeeper.core.refresh.SchedulerSettings;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The fleet bench's figures over its measured window, as Markdown for BENCHMARKS.md: the due rate against the
 * refreshes done, the due-work lag from the database, heaps after GC, CPU per process, sizes, and the bars.
 *
 * @param samples the backlog samples taken in the measured window
 */
record FleetReport(int connections, Duration measured, Duration fill, double dueRate, SchedulerSettings scheduler,
        int poolSize, FleetProbe.Reading first, FleetProbe.Reading last, List<BacklogWatch.BacklogSample> samples,
        Map<String, Long> heapAfterGcMiB, Map<String, Double> sizesMiB, Map<String, Double> updates,
        List<String> schedulers, int revokedGrants, Map<String, Double> unhealthy) {
    private static final long LAG_BAR_MS = 1000;
    private static final long HEAP_BAR_MIB = 512;
    private static final double KEEP_UP = 0.95;

    double refreshesPerSecond() {
        return (last.refreshes() - first.refreshes()) / seconds();
    }

    private double seconds() {
        return Duration.between(first.at(), last.at()).toMillis() / 1000.0;
    }

    long lagPercentileMs(double percentile) {
        long[] lags = samples.stream().mapToLong(s -> s.oldestWait().toMillis()).sorted().toArray();
        if (lags.length == 0) {
            return 0;
        }
        return lags[Math.min(lags.length - 1, (int) Math.ceil(percentile / 100 * lags.length) - 1)];
    }

    boolean holds() {
        return refreshesPerSecond() >= KEEP_UP * dueRate && lagPercentileMs(99) < LAG_BAR_MS
                && heapAfterGcMiB.values().stream().allMatch(mib -> mib >= 0 && mib < HEAP_BAR_MIB);
    }

    String markdown() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s, %d cores, Java %s; one embedded PostgreSQL (durable, default"
                + " settings); %,d connections over 20 providers (lifetimes 15 min to 1 h), filled in %d s; 3 instance"
                + " JVMs (-Xmx512m, SerialGC) with the scheduler at %d concurrent, %d per provider, pool %d; fake"
                + " provider 50-200 ms, rotating; %d s measured after a warm-up; load average at the end %s.%n%n",
                LocalDate.now(ZoneOffset.UTC), Runtime.getRuntime().availableProcessors(), Runtime.version(),
                connections, fill.toSeconds(), scheduler.maxConcurrent(), scheduler.perProvider(), poolSize,
                Math.round(seconds()), last.load()));
        out.append("| connections | due rate /s | refreshes /s (ratio) | lag p50 / p99 / max ms (samples) |"
                + " heap after GC, max MiB | PostgreSQL MiB (connections) | bars hold |\n");
        out.append("|---:|---:|---:|---:|---|---:|---|\n");
        out.append(String.format(Locale.ROOT, "| %,d | %.1f | %.1f (%.2f) | %d / %d / %d (%d) | %s | %.0f (%.0f) | %s |%n",
                connections, dueRate, refreshesPerSecond(), refreshesPerSecond() / dueRate, lagPercentileMs(50),
                lagPercentileMs(99), lagPercentileMs(100), samples.size(), heapAfterGcMiB.values().stream()
                        .map(String::valueOf).collect(Collectors.joining(", ")), sizesMiB.get("database"),
                sizesMiB.get("connections"), holds() ? "yes" : "no"));
        out.append("\nCPU over the window (share of one core): ").append(cpu()).append('\n');
        out.append("Sizes MiB: ").append(format(sizesMiB)).append("; connections updates: ").append(format(updates))
                .append('\n');
        out.append("At the end: ").append(format(unhealthy)).append("; grants revoked: ").append(revokedGrants)
                .append("; schedulers: ").append(schedulers).append('\n');
        return out.toString();
    }

    private String cpu() {
        double window = seconds();
        return last.cpu().entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %.0f%%", e.getKey(),
                (e.getValue().minus(first.cpu().getOrDefault(e.getKey(), Duration.ZERO)).toMillis() / 10.0)
                        / window)).collect(Collectors.joining(", "));
    }

    private static String format(Map<String, Double> values) {
        return values.entrySet().stream().map(e -> e.getKey() + " " + (e.getValue() % 1 == 0
                ? String.valueOf(e.getValue().longValue()) : String.format(Locale.ROOT, "%.1f", e.getValue())))
                .collect(Collectors.joining(", "));
    }
}
