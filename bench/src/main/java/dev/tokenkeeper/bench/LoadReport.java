package dev.tokenkeeper.bench;

import java.util.List;
import java.util.Locale;

/** The Markdown a load run prints, ready to paste into {@code BENCHMARKS.md}. */
final class LoadReport {
    private LoadReport() {}

    /** One row per phase: requests, errors, requests per second and the latency percentiles in milliseconds. */
    static String table(List<PhaseResult> results) {
        StringBuilder table = new StringBuilder()
                .append("| phase | requests | errors | requests/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms |\n")
                .append("|---|---|---|---|---|---|---|---|---|\n");
        for (PhaseResult result : results) {
            Latency latency = result.latency();
            table.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %,.0f | %s | %s | %s | %s | %s |%n",
                    result.name(), result.requests(), result.errors(), result.throughput(), millis(latency.p50()),
                    millis(latency.p90()), millis(latency.p99()), millis(latency.p999()), millis(latency.max())));
        }
        return table.toString();
    }

    /** What the proxy adds to the same request sent straight to the provider, both measured in this run. */
    static String proxyOverhead(PhaseResult proxy, PhaseResult direct) {
        return String.format(Locale.ROOT, "Proxy overhead against the direct baseline of the same run: p50 %s ms,"
                        + " p99 %s ms; throughput proxy/direct %.2f.%n",
                signedMillis(proxy.latency().p50() - direct.latency().p50()),
                signedMillis(proxy.latency().p99() - direct.latency().p99()),
                proxy.throughput() / direct.throughput());
    }

    private static String millis(long micros) {
        return String.format(Locale.ROOT, "%.2f", micros / 1000.0);
    }

    private static String signedMillis(long micros) {
        return String.format(Locale.ROOT, "%+.2f", micros / 1000.0);
    }
}
