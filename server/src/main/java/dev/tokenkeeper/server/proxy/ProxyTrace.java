package dev.tokenkeeper.server.proxy;

import dev.tokenkeeper.server.http.ApiProblem;
import dev.tokenkeeper.server.ops.ServiceMetrics;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one proxied request came to, filled in as it goes and written once at its end: one log line (method,
 * connection, provider, status, whether it was replayed, duration; never a token, a header or the path) and the
 * proxy latency metric, from arrival to the answer's headers.
 */
final class ProxyTrace {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyApi.class);

    private final String method;
    private final long startedNanos = System.nanoTime();
    private String connectionId = "-";
    private String provider = "-";
    private int status;
    private String outcome = "internal_error";
    private boolean replayed;
    private long answeredNanos;

    ProxyTrace(String method) {
        this.method = method;
    }

    void connection(String id, String providerKey) {
        this.connectionId = id;
        this.provider = providerKey;
    }

    void connectionId(String id) {
        this.connectionId = id;
    }

    void replayed() {
        this.replayed = true;
    }

    /** The provider answered with {@code status}; {@code remoteError} when that answer is an error. */
    void answered(int status, boolean remoteError) {
        mark(status, remoteError ? "remote_error" : "ok");
    }

    /** The answer's body broke off while it was relayed (the provider or the caller went away). */
    void brokenOff() {
        this.outcome = "broken_off";
    }

    /** Tokenkeeper answered with its own problem. */
    void refused(ApiProblem problem) {
        mark(problem.status(), switch (problem.code()) {
            case "provider_unreachable" -> "unreachable";
            case "provider_timeout" -> "timeout";
            default -> "refused";
        });
    }

    /** Logs the line and records the metric. */
    void finish(ServiceMetrics metrics) {
        long end = answeredNanos != 0 ? answeredNanos : System.nanoTime();
        Duration took = Duration.ofNanos(end - startedNanos);
        metrics.proxied(provider, outcome, took);
        LOG.info("proxied method={} connection={} provider={} status={} outcome={} replayed={} duration_ms={}",
                method, connectionId, provider, status, outcome, replayed ? "yes" : "no", took.toMillis());
    }

    private void mark(int status, String outcome) {
        this.status = status;
        this.outcome = outcome;
        this.answeredNanos = System.nanoTime();
    }
}
