package dev.tokenkeeper.bench.library;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/** The Markdown the library bench prints, ready to paste into {@code BENCHMARKS.md}. */
final class LibraryReport {
    /** The bar: the library's gets per second against the ideal cache's. */
    static final double MIN_RATIO = 0.9;
    /** The bar for the 99th percentile of a hit, in nanoseconds. */
    static final long MAX_HIT_P99_NANOS = 1_000;

    private LibraryReport() {}

    /** One scenario: a row per side with all gets, then hits and waits apart, and the verdict line. */
    static String scenario(Duration lifetime, List<SideResult> sides) {
        StringBuilder table = new StringBuilder()
                .append("| ").append(lifetime.toSeconds() >= 3600 ? lifetime.toHours() + " h" : lifetime.toSeconds()
                        + " s").append(" tokens | gets | gets/s | failed | p50 µs | p99 µs | p99.9 µs | max µs"
                        + " | hits | hit p99 µs | hit p99.9 µs | waits | wait p50 ms | wait p99 ms | wait max ms"
                        + " | refresh calls | revoked |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (SideResult side : sides) {
            GetTally gets = side.gets();
            Histogram all = gets.all();
            table.append(String.format(Locale.ROOT,
                    "| %s | %,d | %,.0f | %,d | %s | %s | %s | %s | %,d | %s | %s | %,d | %s | %s | %s | %,d | %,d |%n",
                    side.name(), gets.gets(), gets.throughput(), gets.failed, micros(all, 50), micros(all, 99),
                    micros(all, 99.9), micros(all.getMaxValue()), gets.hits.getTotalCount(),
                    micros(gets.hits, 99), micros(gets.hits, 99.9), gets.waits.getTotalCount(),
                    millis(gets.waits, 50), millis(gets.waits, 99), millis(gets.waits, 100),
                    side.refreshCalls(), side.revoked()));
        }
        for (SideResult ideal : sides.subList(1, sides.size())) {
            table.append(verdict(sides.get(0), ideal));
        }
        return table.toString();
    }

    /** The ratio library/ideal and the three bars for the library. */
    static String verdict(SideResult library, SideResult ideal) {
        double ratio = library.gets().throughput() / ideal.gets().throughput();
        long hitP99 = library.gets().hits.getValueAtPercentile(99);
        boolean pass = ratio >= MIN_RATIO && library.gets().hits.getTotalCount() > 0 && hitP99 <= MAX_HIT_P99_NANOS
                && library.revoked() == 0 && library.gets().failed == 0;
        return String.format(Locale.ROOT, "%nGets/s library against the %s: **%.3f×**; library hit p99 %s µs;"
                        + " revoked %d; failed %d → %s (bar: ≥ %.1f×, hit p99 ≤ 1 µs, 0 revoked, 0 failed).%n",
                ideal.name(), ratio, micros(library.gets().hits, 99), library.revoked(), library.gets().failed,
                pass ? "pass" : "**fail**", MIN_RATIO);
    }

    private static String micros(Histogram nanos, double percentile) {
        return nanos.getTotalCount() == 0 ? "–" : micros(nanos.getValueAtPercentile(percentile));
    }

    private static String micros(long nanos) {
        return String.format(Locale.ROOT, nanos < 10_000 ? "%.2f" : "%,.0f", nanos / 1000.0);
    }

    private static String millis(Histogram nanos, double percentile) {
        return nanos.getTotalCount() == 0 ? "–"
                : String.format(Locale.ROOT, "%.1f", nanos.getValueAtPercentile(percentile) / 1e6);
    }
}
