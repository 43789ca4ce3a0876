package dev.tokenkeeper.bench.claims;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What one table size measured: sizes in bytes (see {@link ClaimProbe#sizes()}), claim and next-due latencies in
 * milliseconds, the rows the claims took, and the two plans.
 */
record SizeResult(int rows, Map<String, Long> sizes, double claimP50, double claimP99, double claimedMean,
        double idleP50, int idleTook, double nextDueP50, List<String> claimPlan, List<String> idlePlan,
        List<String> nextDuePlan) {
    private static final Pattern SCAN = Pattern.compile(
            "(Index Only Scan|Index Scan|Bitmap Index Scan|Seq Scan)(?: Backward)? (?:using|on) (\\w+)");
    private static final Pattern TIME = Pattern.compile("Execution Time: ([0-9.]+) ms");
    private static final Pattern REMOVED = Pattern.compile("Rows Removed by Filter: (\\d+)");
    private static final Pattern BUFFERS = Pattern.compile("Buffers: (.*)");

    SizeResult {
        sizes = Map.copyOf(Objects.requireNonNull(sizes, "sizes"));
        claimPlan = List.copyOf(claimPlan);
        idlePlan = List.copyOf(idlePlan);
        nextDuePlan = List.copyOf(nextDuePlan);
    }

    /** One Markdown row: rows | table MB | indexes MB | claim p50/p99 | idle claim | untilNextDue | plans. */
    String markdownRow(List<String> indexNames) {
        String indexes = indexNames.stream().map(name -> name.replaceFirst("^connections_", "") + " "
                + mb(sizes.getOrDefault(name, 0L))).collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "| %,d | %s (heap %s) | %s | %.2f / %.2f (%.1f rows) | %.2f (%d rows)"
                        + " | %.2f"
                        + " | claim: %s;"
                        + " idle claim: %s; untilNextDue: %s |", rows, mb(sizes.get("total")), mb(sizes.get("heap")),
                indexes, claimP50, claimP99, claimedMean, idleP50, idleTook, nextDueP50, summary(claimPlan),
                summary(idlePlan),
                summary(nextDuePlan));
    }

    /** The scans the plan uses, its first Buffers line and its execution time. */
    static String summary(List<String> plan) {
        Set<String> scans = new LinkedHashSet<>();
        String buffers = "";
        String time = "?";
        long removed = 0;
        for (String line : plan) {
            Matcher scan = SCAN.matcher(line);
            if (scan.find()) {
                scans.add(scan.group(1) + " " + scan.group(2));
            }
            Matcher buffer = BUFFERS.matcher(line);
            if (buffers.isEmpty() && buffer.find()) {
                buffers = buffer.group(1).strip();
            }
            Matcher filtered = REMOVED.matcher(line);
            if (filtered.find()) {
                removed += Long.parseLong(filtered.group(1));
            }
            Matcher execution = TIME.matcher(line);
            if (execution.find()) {
                time = execution.group(1);
            }
        }
        return String.format(Locale.ROOT, "%s (%s, %,d rows removed by filters, %s ms)", String.join(" + ", scans),
                buffers, removed, time);
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / (1024.0 * 1024.0));
    }
}
