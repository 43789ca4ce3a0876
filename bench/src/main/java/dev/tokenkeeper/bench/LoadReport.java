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

    /**
     * The token endpoint against the static-JSON JDK server, both driven by the same client in alternating windows
     * of this run: the throughput ratio and the p99s (the goal: at least 0.6 and at most 10 ms).
     */
    static String againstStatic(PhaseResult token, PhaseResult baseline, int windows) {
        return String.format(Locale.ROOT, "Token endpoint against the static-JSON JDK server (same client, %d"
                        + " alternating windows each): requests/s ratio token/static %.2f; p99 %s ms against %s ms"
                        + " (ratio %.2f); p50 %s ms against %s ms.%n", windows,
                token.throughput() / baseline.throughput(), millis(token.latency().p99()),
                millis(baseline.latency().p99()),
                baseline.latency().p99() == 0 ? 0.0 : (double) token.latency().p99() / baseline.latency().p99(),
                millis(token.latency().p50()), millis(baseline.latency().p50()));
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
