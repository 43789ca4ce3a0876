package dev.tokenkeeper.server.webhook;

import dev.tokenkeeper.core.provider.ProviderUrlPolicy;
import dev.tokenkeeper.core.provider.UrlVerdict;
import dev.tokenkeeper.core.webhook.DeliveryAttempt;
import dev.tokenkeeper.core.webhook.DeliveryStatus;
import dev.tokenkeeper.core.webhook.WebhookDelivery;
import dev.tokenkeeper.core.webhook.WebhookEndpoint;
import dev.tokenkeeper.core.webhook.WebhookStore;
import dev.tokenkeeper.core.webhook.WebhookStore.Claimed;
import dev.tokenkeeper.core.webhook.WebhookStore.SigningSecrets;
import dev.tokenkeeper.server.ops.ServiceMetrics;
import dev.tokenkeeper.server.webhook.WebhookPost.Answer;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import dev.tokenkeeper.server.work.DueWorkLoop;
import dev.tokenkeeper.server.work.WorkSlots;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends due webhook deliveries, on virtual threads: claims due ones under fenced leases while it has free sending
 * slots ({@link Settings#batch} in all, at most {@link Settings#perEndpoint} of one endpoint), judges each endpoint's
 * URL again just before sending (after DNS resolution, so a name rebound to a refused address is never contacted),
 * POSTs the signed body and records the attempt: a 2xx delivers it, {@code 410 Gone} fails it and disables the
 * endpoint, anything else is retried on the {@link RetrySchedule} until it is given up; an endpoint failing for
 * {@link Settings#disableFailingAfter} is disabled.
 * One log line per attempt names the endpoint, delivery, message and event, never a secret or a body.
 */
public final class WebhookDispatcher implements AutoCloseable {
    /**
     * The longest wait between two looks at the store. The outbox's deliveries are made by the database, unseen by
     * this loop: its notification ({@code WorkNotices}) wakes the loop at once, and this poll bounds their wait when a
     * notification is lost (the listening connection was down).
     */
    static final Duration MAX_IDLE = Duration.ofSeconds(5);
    /** The pause after the loop itself failed (the database is down, say), so its warning is not repeated at once. */
    private static final Duration AFTER_FAILURE = Duration.ofSeconds(5);
    private static final Duration MIN_IDLE = Duration.ofMillis(250);
    /** How often ended deliveries older than {@link WebhookEndpointsApi#RESEND_LOOKBACK} are pruned. */
    static final Duration PRUNE_EVERY = Duration.ofMinutes(10);
    private static final int PRUNE_BATCH = 1000;
    private static final String GONE = "gone";
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);

    /** An attempt's outcome (its log and metric word) and the delivery's status and next attempt after it. */
    private record Decision(String outcome, DeliveryStatus status, Instant nextAttemptAt) {}

    /**
     * How the dispatcher sends.
     *
     * @param retries             when failed attempts are tried again
     * @param timeout             the deadline of one attempt, from connecting to the end of the answer
     * @param disableFailingAfter how long an endpoint may keep failing before it is disabled
     * @param batch               the most deliveries this dispatcher sends at once
     * @param perEndpoint         the most deliveries of one endpoint under lease at once
     */
    public record Settings(RetrySchedule retries, Duration timeout, Duration disableFailingAfter, int batch,
            int perEndpoint) {
        public Settings {
            Objects.requireNonNull(retries, "retries");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(disableFailingAfter, "disableFailingAfter");
            if (timeout.isNegative() || timeout.isZero() || batch < 1 || perEndpoint < 1) {
                throw new IllegalArgumentException("timeout, batch and perEndpoint must be positive");
            }
        }

        /** The standard schedule, a 15 s timeout, disabled after 5 days of failures, 32 at once, 4 per endpoint. */
        public static Settings defaults() {
            return new Settings(RetrySchedule.STANDARD, Duration.ofSeconds(15), Duration.ofDays(5), 32, 4);
        }

        public Settings withRetries(RetrySchedule schedule) {
            return new Settings(schedule, timeout, disableFailingAfter, batch, perEndpoint);
        }

        public Settings withTimeout(Duration deadline) {
            return new Settings(retries, deadline, disableFailingAfter, batch, perEndpoint);
        }

        /** A lease outlasts an attempt: the URL check, the exchange and the record of its result. */
        Duration lease() {
            return timeout.multipliedBy(2).plus(Duration.ofSeconds(30));
        }
    }

    private final WebhookStore store;
    private final ProviderUrlPolicy urlPolicy;
    private final InstantSource clock;
    private final String holder;
    private final Settings settings;
    private final ServiceMetrics metrics;
    private final WebhookPost post;
    private final WorkSlots slots;
    private final DueWorkLoop loop;
    private Instant nextPrune = Instant.MIN;

    public WebhookDispatcher(WebhookStore store, ProviderUrlPolicy urlPolicy, InstantSource clock, String holder,
            Settings settings, ServiceMetrics metrics) {
        this.store = Objects.requireNonNull(store, "store");
        this.urlPolicy = Objects.requireNonNull(urlPolicy, "urlPolicy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.holder = Objects.requireNonNull(holder, "holder");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.post = new WebhookPost(settings.timeout());
        this.slots = new WorkSlots("webhook", settings.batch(), this::wake,
                settings.timeout().plus(Duration.ofSeconds(15)));
        this.loop = new DueWorkLoop("webhooks", this::runDue, store::untilNextDue,
                new DueWorkLoop.Idle(MIN_IDLE, MAX_IDLE, AFTER_FAILURE));
    }

    /** Starts the dispatcher's thread. */
    public void start() {
        loop.start();
    }

    /** Looks for due deliveries now (a delivery was just added or retried by hand). */
    public void wake() {
        loop.wake();
    }

    /**
     * Claims as many due deliveries as there are free sending slots and starts sending them; returns how many. A
     * finished attempt frees its slot and wakes the loop, so a slow endpoint holds only its own slots.
     */
    int runDue() {
        pruneNowAndThen();
        int free = slots.free();
        if (free == 0) {
            return 0;
        }
        List<Claimed> claimed = store.claimDue(holder, settings.lease(), free, settings.perEndpoint());
        claimed.forEach(one -> slots.run(one, this::attemptSafely));
        return claimed.size();
    }

    /**
     * Deletes ended deliveries older than the resend window, a batch every {@link #PRUNE_EVERY} (on the loop's
     * thread only), so the table does not grow for ever; a full batch looks again at the next pass.
     */
    private void pruneNowAndThen() {
        Instant now = clock.instant();
        if (now.isBefore(nextPrune)) {
            return;
        }
        int pruned = store.pruneEndedBefore(now.minus(WebhookEndpointsApi.RESEND_LOOKBACK), PRUNE_BATCH);
        nextPrune = pruned == PRUNE_BATCH ? now : now.plus(PRUNE_EVERY);
        if (pruned > 0) {
            LOG.info("event=webhook_deliveries_pruned count={} ended deliveries older than {} days were deleted",
                    pruned, WebhookEndpointsApi.RESEND_LOOKBACK.toDays());
        }
    }

    private void attemptSafely(Claimed claimed) {
        try {
            attempt(claimed);
        } catch (RuntimeException e) {
            // The lease runs out and the delivery is claimed again: nothing is lost.
            LOG.warn("webhook_delivery delivery={} the attempt failed unexpectedly", claimed.delivery().id(), e);
        }
    }

    private void attempt(Claimed claimed) {
        WebhookDelivery delivery = claimed.delivery();
        WebhookEndpoint endpoint = claimed.endpoint();
        Optional<SigningSecrets> secrets = store.secrets(endpoint.id());
        if (secrets.isEmpty()) {
            return; // deleted since the claim, with its deliveries
        }
        Instant at = clock.instant();
        long started = System.nanoTime();
        Answer answer = switch (urlPolicy.judgeBeforeRequest(endpoint.url())) {
            case UrlVerdict.Unresolved unresolved -> Answer.failed("host does not resolve");
            case UrlVerdict.Refused refused -> Answer.failed("not sent: the endpoint's URL " + refused.why());
            case UrlVerdict.Allowed allowed -> post.post(endpoint.url(), headers(delivery, secrets.get(), at),
                    delivery.body());
        };
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        Instant now = clock.instant();
        int number = delivery.attempts() + 1;
        Decision decision = decide(answer, number, now);
        boolean recorded = store.recordAttempt(claimed,
                new DeliveryAttempt(at, answer.status(), answer.error(), took, answer.snippet()), decision.status(),
                decision.nextAttemptAt());
        log(claimed, answer, recorded ? decision.outcome() : "lease_lost", number, took);
        metrics.webhookAttempt(endpoint.id(), decision.outcome(),
                answer.delivered() ? Duration.between(delivery.createdAt(), now) : null);
        if (decision.outcome().equals(GONE)) {
            store.disableEndpoint(endpoint.id(), GONE, now);
            LOG.warn("webhook_endpoint_disabled endpoint={} reason=gone the endpoint answered 410 Gone: no more"
                    + " deliveries are made for it until it is enabled again", endpoint.id());
        } else if (!answer.delivered() && endpoint.failingSince() != null
                && now.isAfter(endpoint.failingSince().plus(settings.disableFailingAfter()))) {
            store.disableEndpoint(endpoint.id(), "failing", now);
            LOG.warn("webhook_endpoint_disabled endpoint={} reason=failing failing_since={} every attempt failed for"
                    + " more than {} days: its pending deliveries failed and no more are made until it is enabled"
                    + " again", endpoint.id(), endpoint.failingSince(), settings.disableFailingAfter().toDays());
        }
    }

    /** What follows an attempt: a 2xx ends it delivered, a 410 ends it failed, else it is retried while it may be. */
    private Decision decide(Answer answer, int attemptNumber, Instant now) {
        if (answer.delivered()) {
            return new Decision("succeeded", DeliveryStatus.SUCCEEDED, null);
        }
        if (answer.status() != null && answer.status() == 410) {
            return new Decision(GONE, DeliveryStatus.FAILED, null);
        }
        return settings.retries().delayAfter(attemptNumber, ThreadLocalRandom.current())
                .map(delay -> new Decision("retry", DeliveryStatus.PENDING, now.plus(delay)))
                .orElseGet(() -> new Decision("failed", DeliveryStatus.FAILED, null));
    }

    private static Map<String, String> headers(WebhookDelivery delivery, SigningSecrets secrets, Instant at) {
        long timestamp = at.getEpochSecond();
        return Map.of("content-type", "application/json", "user-agent", "Tokenkeeper-Webhooks",
                "webhook-id", delivery.messageId(), "webhook-timestamp", Long.toString(timestamp),
                "webhook-signature", WebhookSignature.sign(secrets.at(at), delivery.messageId(), timestamp,
                        delivery.body()));
    }

    private static void log(Claimed claimed, Answer answer, String outcome, int number, Duration took) {
        WebhookDelivery d = claimed.delivery();
        String status = answer.status() == null ? "none" : answer.status().toString();
        String error = answer.error() == null ? "" : " error=\"" + answer.error() + "\"";
        LOG.info("webhook_delivery endpoint={} delivery={} message={} event={} status={} outcome={} attempt={}"
                + " duration_ms={}{}", claimed.endpoint().id(), d.id(), d.messageId(), d.eventType(), status, outcome,
                number, took.toMillis(), error);
    }

    @Override
    public void close() {
        loop.stop(settings.timeout().plus(Duration.ofSeconds(15)));
        slots.close(); // attempts cut short: their leases run out and another instance sends them again
        post.close();
    }
}
