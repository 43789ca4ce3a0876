package dev.tokenkeeper.server.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The service's Prometheus metrics: refresh attempts by provider and outcome, refresh latency, connections by
 * state, due-work lag (of the whole deployment's schedule and of this instance's scheduler), proxy latency, and
 * webhook attempts, delivery lag and backlog, action attempts and actions by state, console sign-ins. Labels never hold a token or a
 * connection id (unbounded cardinality).
 */
public final class ServiceMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    /** Counts one refresh attempt and records how long it took. */
    public void refreshAttempt(String provider, String outcome, Duration duration) {
        Counter.builder("tokenkeeper.refresh.attempts")
                .description("Refresh requests sent to providers, by provider and outcome")
                .tag("provider", provider)
                .tag("outcome", outcome)
                .register(registry)
                .increment();
        Timer.builder("tokenkeeper.refresh.latency")
                .description("Time from sending a refresh request to its answer")
                .tag("provider", provider)
                .publishPercentileHistogram()
                .register(registry)
                .record(duration);
    }

    /** Counts one state transition into {@code to}. */
    public void stateChange(String provider, String type) {
        Counter.builder("tokenkeeper.connection.transitions")
                .description("Lifecycle events written, by provider and type")
                .tag("provider", provider)
                .tag("type", type)
                .register(registry)
                .increment();
    }

    /** Records one proxied request's time inside Tokenkeeper plus the provider's answer. */
    public void proxied(String provider, String outcome, Duration duration) {
        Timer.builder("tokenkeeper.proxy.latency")
                .description("Proxied requests, from arrival to the provider's answer headers")
                .tag("provider", provider)
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry)
                .record(duration);
    }

    /**
     * Counts one webhook delivery attempt by endpoint and outcome ({@code succeeded}, {@code retry}, {@code failed},
     * {@code gone}) and, for a delivered one, records its lag: from the event's delivery row to the receiver's 2xx.
     */
    public void webhookAttempt(String endpointId, String outcome, Duration lagIfDelivered) {
        Counter.builder("tokenkeeper.webhook.attempts")
                .description("Webhook delivery attempts, by endpoint and outcome")
                .tag("endpoint", endpointId)
                .tag("outcome", outcome)
                .register(registry)
                .increment();
        if (lagIfDelivered != null) {
            Timer.builder("tokenkeeper.webhook.delivery.lag")
                    .description("Time from an event's delivery being created to its receiver's 2xx")
                    .publishPercentileHistogram()
                    .register(registry)
                    .record(lagIfDelivered);
        }
    }

    /**
     * Counts one action attempt by outcome ({@code succeeded}, {@code retry}, {@code failed}, {@code held},
     * {@code outcome_unknown}, {@code lease_lost}, {@code internal_error}).
     */
    public void actionAttempt(String outcome) {
        Counter.builder("tokenkeeper.action.attempts")
                .description("Action attempts, by outcome")
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }

    /** Counts one console sign-in by outcome ({@code signed_in}, {@code refused}: a key that is not valid). */
    public void consoleSignIn(String outcome) {
        Counter.builder("tokenkeeper.console.sign.ins")
                .description("Sign-ins on the admin console's form, by outcome")
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }

    /** A gauge read on every scrape. */
    public void gauge(String name, String description, String stateTag, Supplier<Number> value) {
        Gauge.Builder<Supplier<Number>> builder = Gauge.builder(name, value).description(description);
        if (stateTag != null) {
            builder.tag("state", stateTag);
        }
        builder.register(registry);
    }

    /**
     * A counter whose running total {@code total} reads from {@code state} on every scrape; {@code tag} is a name and a
     * value, or null. The registry holds {@code state} weakly: its owner must keep it.
     */
    public <T> void counter(String name, String description, String[] tag, T state, ToDoubleFunction<T> total) {
        FunctionCounter.Builder<T> builder = FunctionCounter.builder(name, state, total).description(description);
        if (tag != null) {
            builder.tag(tag[0], tag[1]);
        }
        builder.register(registry);
    }

    /**
     * Registers {@code tokenkeeper_scheduler_lag_seconds}: how late this instance's scheduler has been claiming due
     * refreshes lately (a decaying maximum), the lag its proactive margins cover.
     */
    public void schedulerLag(Supplier<Duration> observedLag) {
        Gauge.builder("tokenkeeper.scheduler.lag.seconds", () -> observedLag.get().toNanos() / 1e9)
                .description("How late this instance's scheduler claimed due refreshes lately (claim time minus"
                        + " next_refresh_at, a maximum that halves every 2 minutes); proactive refreshes start at"
                        + " least twice this long before expiry where the token's lifetime allows")
                .register(registry);
    }

    /** The Prometheus text exposition of every metric. */
    public String scrape() {
        return registry.scrape();
    }
}
