package dev.tokenkeeper.bench;

import dev.tokenkeeper.fake.webhook.WebhookReceiver.Received;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.HdrHistogram.Histogram;

/** The Markdown the webhook benchmark prints, ready to paste into {@code BENCHMARKS.md}. */
final class WebhookReport {
    private WebhookReport() {}

    static String header(int transitions, int clients, int perEndpoint) {
        Runtime runtime = Runtime.getRuntime();
        return String.format(Locale.ROOT, "%s, %d cores, Java %s, %s %s; %,d transitions (connection deletes) per"
                        + " phase, %d closed-loop clients; the dispatcher's defaults (%d deliveries of one endpoint at"
                        + " once); loopback, one JVM, a scratch embedded PostgreSQL.%n", LocalDate.now(),
                runtime.availableProcessors(), System.getProperty("java.version"), System.getProperty("os.name"),
                System.getProperty("os.arch"), transitions, clients, perEndpoint);
    }

    /** One row per phase: how many, in how long, per second, and the latency or lag percentiles in milliseconds. */
    static String table(WebhookLoad.Sent withoutEndpoint, WebhookLoad.Sent withEndpoint,
            WebhookBench.Deliveries live, WebhookLoad.Sent paced, WebhookBench.Deliveries pacedLive,
            WebhookBench.Deliveries drained, WebhookLoad.Sent raw, int clients, int perEndpoint) {
        StringBuilder table = new StringBuilder()
                .append("| phase | count | errors | seconds | per second | measured | p50 ms | p99 ms | max ms |\n")
                .append("|---|---|---|---|---|---|---|---|---|\n");
        row(table, "transitions, no endpoint (baseline): `DELETE /v1/connections/{id}`, " + clients + " clients",
                withoutEndpoint.count(), withoutEndpoint.errors(), withoutEndpoint.elapsed().toNanos(),
                withoutEndpoint.perSecond(), "request latency", withoutEndpoint.micros());
        row(table, "transitions, one endpoint receiving `connection.deleted`", withEndpoint.count(),
                withEndpoint.errors(), withEndpoint.elapsed().toNanos(), withEndpoint.perSecond(), "request latency",
                withEndpoint.micros());
        row(table, "deliveries while the transitions are made (from the first delete to the last arrival)",
                live.count(), live.count() - live.distinctIds(), live.elapsed().toNanos(), live.perSecond(),
                "lag: arrival − event `timestamp`", live.lagMicros());
        row(table, "transitions at a steady " + WebhookBench.PACED_RATE + " per second (open loop)", paced.count(),
                paced.errors(), paced.elapsed().toNanos(), paced.perSecond(), "request latency", paced.micros());
        row(table, "deliveries of the steady transitions", pacedLive.count(),
                pacedLive.count() - pacedLive.distinctIds(), pacedLive.elapsed().toNanos(), pacedLive.perSecond(),
                "lag: arrival − event `timestamp`", pacedLive.lagMicros());
        row(table, "deliveries of the first range resent at once (a backlog drained)", drained.count(),
                drained.count() - drained.distinctIds(), drained.elapsed().toNanos(), drained.perSecond(),
                "arrival − resend call", drained.lagMicros());
        row(table, "receiver baseline: the same POSTs from a JDK `HttpClient`, " + perEndpoint + " at once",
                raw.count(), raw.errors(), raw.elapsed().toNanos(), raw.perSecond(), "request latency",
                raw.micros());
        table.append(String.format(Locale.ROOT, "%nRatios within the run: transitions with/without an endpoint %.2f;"
                        + " live deliveries/transitions with the endpoint %.2f; drained deliveries/receiver"
                        + " baseline %.2f. (\"errors\" of a delivery row: duplicates, the same `webhook-id` twice.)%n",
                withEndpoint.perSecond() / withoutEndpoint.perSecond(), live.perSecond() / withEndpoint.perSecond(),
                drained.perSecond() / raw.perSecond()));
        return table.toString();
    }

    /** Lost and duplicated: every transition delivered once live and once more after the resend. */
    static String checks(int transitions, List<Received> live, List<Received> drained, Instant transitionsEnd) {
        Set<String> liveIds = ids(live);
        Set<String> drainedIds = ids(drained);
        Set<String> missing = new HashSet<>(liveIds);
        missing.removeAll(drainedIds);
        long duringTransitions = live.stream().filter(each -> each.receivedAt().isBefore(transitionsEnd)).count();
        return String.format(Locale.ROOT, "Checks: %,d distinct `webhook-id`s delivered live for %,d transitions"
                        + " (%,d of them before the last transition was answered); the resend delivered %,d distinct"
                        + " ones, %,d of the live ones missing from it.%n",
                liveIds.size(), transitions, duringTransitions, drainedIds.size(), missing.size());
    }

    private static Set<String> ids(List<Received> received) {
        Set<String> ids = new HashSet<>();
        received.forEach(each -> ids.add(each.header("webhook-id")));
        return ids;
    }

    private static void row(StringBuilder table, String name, int count, int errors, long nanos, double perSecond,
            String measured, Histogram micros) {
        table.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %.1f | %,.0f | %s | %s | %s | %s |%n", name, count,
                errors, nanos / 1e9, perSecond, measured, millis(micros.getValueAtPercentile(50)),
                millis(micros.getValueAtPercentile(99)), millis(micros.getMaxValue())));
    }

    private static String millis(long micros) {
        return String.format(Locale.ROOT, "%.1f", micros / 1000.0);
    }
}
