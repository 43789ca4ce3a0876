package dev.tokenkeeper.server.connection;

import dev.tokenkeeper.core.port.PendingRevocations;
import dev.tokenkeeper.core.port.PendingRevocations.Claimed;
import dev.tokenkeeper.core.port.ProviderDirectory;
import dev.tokenkeeper.core.provider.ProviderConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import dev.tokenkeeper.server.work.DueWorkLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries the revocations a delete could not complete, on one virtual thread: claims the due ones (a bounded batch,
 * at most {@value #PER_PROVIDER} per provider) under fenced leases, tries each once, and finishes it when the
 * provider revoked it, puts it back with exponential backoff when not, and gives it up with a log line after
 * {@link #GIVE_UP_AFTER}. Logs name the revocation, connection and provider, never the token.
 */
public final class RevocationWorker implements AutoCloseable {
    /** How long a revocation is retried before it is given up. */
    public static final Duration GIVE_UP_AFTER = Duration.ofDays(3);
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(30);
    static final Duration MAX_BACKOFF = Duration.ofHours(1);
    /** The longest wait between two looks at the table (another instance may have added work). */
    static final Duration MAX_IDLE = Duration.ofSeconds(5);
    private static final Duration MIN_IDLE = Duration.ofMillis(500);
    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final int BATCH = 8;
    private static final int PER_PROVIDER = 2;
    private static final Logger LOG = LoggerFactory.getLogger(RevocationWorker.class);

    private final PendingRevocations pending;
    private final ProviderDirectory providers;
    private final Revocation revocation;
    private final InstantSource clock;
    private final String holder;
    private final DueWorkLoop loop;

    public RevocationWorker(PendingRevocations pending, ProviderDirectory providers, Revocation revocation,
            InstantSource clock, String holder) {
        this.pending = Objects.requireNonNull(pending, "pending");
        this.providers = Objects.requireNonNull(providers, "providers");
        this.revocation = Objects.requireNonNull(revocation, "revocation");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.holder = Objects.requireNonNull(holder, "holder");
        this.loop = new DueWorkLoop("revocations", this::runDue, pending::untilNextDue,
                new DueWorkLoop.Idle(MIN_IDLE, MAX_IDLE, MAX_IDLE));
    }

    /** The wait after the {@code failures}-th failed attempt: 30 s, doubling, at most an hour. */
    public static Duration backoff(int failures) {
        int doublings = Math.min(Math.max(0, failures - 1), 16);
        Duration wait = FIRST_BACKOFF.multipliedBy(1L << doublings);
        return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }

    /** Starts the worker's thread. */
    public void start() {
        loop.start();
    }

    /** Runs the due revocations now, once; returns how many were claimed. */
    int runDue() {
        List<Claimed> claimed = pending.claimDue(holder, LEASE, BATCH, PER_PROVIDER);
        claimed.forEach(this::attempt);
        return claimed.size();
    }

    private void attempt(Claimed claimed) {
        PendingRevocations.Revocation r = claimed.revocation();
        Optional<ProviderConfig> provider = providers.find(r.providerKey())
                .filter(config -> config.revocationUrl() != null);
        if (provider.isEmpty()) {
            pending.finish(r.id(), claimed.fence());
            LOG.warn("revocation={} connection={} provider={} event=revocation_given_up attempts={} reason=the"
                    + " provider or its revocation URL was removed", r.id(), r.connectionId(), r.providerKey(),
                    r.attempts());
            return;
        }
        Revocation.Attempt attempt;
        try {
            attempt = revocation.attempt(provider.get(), r.token(), r.tokenTypeHint());
        } catch (RuntimeException e) {
            LOG.warn("revocation={} the attempt failed unexpectedly", r.id(), e);
            attempt = new Revocation.Attempt(false, "internal error");
        }
        Instant now = clock.instant();
        if (attempt.revoked()) {
            pending.finish(r.id(), claimed.fence());
            LOG.info("revocation={} connection={} provider={} event=revoked attempts={}", r.id(), r.connectionId(),
                    r.providerKey(), r.attempts() + 1);
        } else if (!now.isBefore(r.giveUpAt())) {
            pending.finish(r.id(), claimed.fence());
            LOG.warn("revocation={} connection={} provider={} event=revocation_given_up attempts={} last_error={}"
                    + " (the grant may still be live at the provider: revoke it there)", r.id(), r.connectionId(),
                    r.providerKey(), r.attempts() + 1, attempt.failure());
        } else {
            Instant next = now.plus(backoff(r.attempts() + 1));
            pending.retryAt(r.id(), claimed.fence(), next.isAfter(r.giveUpAt()) ? r.giveUpAt() : next,
                    attempt.failure());
        }
    }

    @Override
    public void close() {
        loop.close();
    }
}
