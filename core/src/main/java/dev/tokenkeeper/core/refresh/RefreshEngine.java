package dev.tokenkeeper.core.refresh;

import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionExistsException;
import dev.tokenkeeper.core.connection.ConnectionLifecycle;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.connection.LastError;
import dev.tokenkeeper.core.connection.Transition;
import dev.tokenkeeper.core.connection.ServingCopy;
import dev.tokenkeeper.core.port.ConnectionStore;
import dev.tokenkeeper.core.port.Lease;
import dev.tokenkeeper.core.port.ProviderDirectory;
import dev.tokenkeeper.core.port.RefreshLease;
import dev.tokenkeeper.core.port.TokenEndpoint;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.token.TokenSet;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands out usable access tokens, refreshing each grant at most once at a time in the whole deployment.
 *
 * <p>A fresh token is served from the store without any lock. Otherwise concurrent callers in this process share
 * one refresh future per connection; the leader takes the connection's {@link RefreshLease} so that other
 * processes wait for it too, re-reads the connection under the lease (someone may have refreshed meanwhile), and
 * only then calls the provider. The result is committed with a compare-and-set on the generation and the lease's
 * fence, so a holder that lost its lease can never overwrite a newer token. An attempt that ends in an exception is
 * stored as a retryable failure with backoff ({@link CrashedAttempts}), never retried at once.
 *
 * <p>Refresh-ahead: a caller whose token is still usable never waits. When that token is due for a refresh (its
 * proactive time has come, or it is inside the refresh margin), the same single-flight refresh starts on a virtual
 * thread for the next caller; only a caller whose token is no longer usable waits for it.
 */
public final class RefreshEngine {
    private static final int MAX_LEASE_ROUNDS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(RefreshEngine.class);
    private static final ThreadFactory AHEAD = Thread.ofVirtual().name("tokenkeeper-refresh-ahead").factory();

    /** How long after a refresh a rejection of its token does not cause another refresh. */
    public static final Duration REJECTION_GRACE = Duration.ofSeconds(30);

    private final ConnectionStore store;
    private final RefreshLease leases;
    private final ProviderDirectory providers;
    private final InstantSource clock;
    private final RefreshSettings settings;
    private final RefreshAttemptRunner runner;
    private final CrashedAttempts crashes;
    private final DueWorkLag dueWorkLag;
    private final ConcurrentHashMap<String, CompletableFuture<TokenAnswer>> inFlight = new ConcurrentHashMap<>();
    /**
     * The refreshes ahead that may still start in this process ({@link RefreshSettings#refreshesAhead()} at once): a
     * burst of callers over many connections due together must not open thousands of exchanges with the provider. A
     * caller that finds none free just gets its still usable token; a later caller starts the refresh (and once the
     * token is unusable, callers wait for it as before).
     */
    private final Semaphore aheadPermits;
    private final ClientCredentialsExchange clientCredentials;
    private final RandomGenerator random;

    /**
     * Creates an engine.
     *
     * @param random the source of jitter; must be safe for concurrent use (e.g. {@link java.util.Random})
     */
    public RefreshEngine(ConnectionStore store, RefreshLease leases, ProviderDirectory providers,
            TokenEndpoint endpoint, InstantSource clock, RefreshSettings settings,
            RandomGenerator random) {
        this.store = Objects.requireNonNull(store, "store");
        this.leases = Objects.requireNonNull(leases, "leases");
        this.providers = Objects.requireNonNull(providers, "providers");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.random = Objects.requireNonNull(random, "random");
        this.aheadPermits = new Semaphore(settings.refreshesAhead());
        this.dueWorkLag = new DueWorkLag(clock);
        this.crashes = new CrashedAttempts(store, clock, settings, random);
        this.clientCredentials = new ClientCredentialsExchange(endpoint, settings, random);
        this.runner = new RefreshAttemptRunner(store, leases, endpoint, clock, settings, random, dueWorkLag);
    }

    /** The due-work lag this process's scheduler observed, which every refresh scheduled here covers. */
    DueWorkLag dueWorkLag() {
        return dueWorkLag;
    }

    /**
     * The due-work lag this process's scheduler observed lately (see {@link RefreshScheduler#observedLag()}), for
     * whoever schedules a connection's first refresh.
     */
    public Duration observedLag() {
        return dueWorkLag.observed();
    }

    /**
     * A usable access token: the stored one while it outlives the buffer, else a refreshed one. A usable token that
     * is due for a refresh (Google's STALE: past its {@code next_refresh_at}, or inside the refresh margin) is
     * answered at once, and the refresh starts in the background for the next caller (see {@link #refreshAhead});
     * only a token that is no longer usable (EXPIRED) waits for the refresh.
     */
    public TokenAnswer freshToken(String connectionId) {
        // A cached copy may trail the database by a notice's delay: it answers only while its token is usable; a
        // refresh (waited for, or ahead) re-reads the database under the lease.
        ServingCopy copy = store.findToServe(connectionId).orElse(null);
        long nowMillis = clock.millis();
        if (copy != null && copy.freshAt(settings.expiryPolicy(), nowMillis)) {
            // the hit: active, usable and not due, decided in longs on a millisecond reading; the answer is the copy's
            return copy.answer();
        }
        // Everything else is in its own method, so that this one stays small enough for the JIT to inline into the
        // caller.
        return notPlainlyFresh(connectionId, copy, nowMillis);
    }

    /** {@link #freshToken} for a connection that is missing, not active, or near a boundary of its token's life. */
    private TokenAnswer notPlainlyFresh(String connectionId, ServingCopy copy, long nowMillis) {
        if (copy == null) {
            return new TokenAnswer.NotFound(connectionId);
        }
        if (copy.usableAt(settings.expiryPolicy(), nowMillis)
                && (inFlight.containsKey(connectionId) || aheadPermits.availablePermits() == 0)) {
            // STALE while this process's refresh of it runs, or while no refresh ahead could start: answered as a hit
            // is, as the path below would (a later caller starts the refresh once a permit is free)
            return copy.answer();
        }
        Connection connection = copy.connection();
        Instant now = clock.instant();
        TokenAnswer settled = settledAnswer(connection, now);
        if (settled == null) {
            return singleFlight(connection, current -> settledAnswer(current, clock.instant()));
        }
        if (settled instanceof TokenAnswer.Fresh && dueAhead(connection, now)) {
            refreshAhead(connection.id());
        }
        return settled;
    }

    /**
     * Starts this process's one refresh of the connection on a virtual thread, unless one is in flight already (then
     * the caller has joined it by doing nothing). The refresh runs exactly like a waiting caller's: single flight in
     * this process, the lease in the deployment, the settle check again under the lease (so a connection refreshed,
     * gone stale or backing off meanwhile is not refreshed), failures recorded with backoff. Never blocks.
     */
    private void refreshAhead(String connectionId) {
        if (inFlight.containsKey(connectionId) || !aheadPermits.tryAcquire()) {
            return;
        }
        CompletableFuture<TokenAnswer> mine = new CompletableFuture<>();
        if (inFlight.putIfAbsent(connectionId, mine) != null) {
            aheadPermits.release();
            return;
        }
        try {
            AHEAD.newThread(() -> runAhead(connectionId, mine)).start();
        } catch (RuntimeException | Error e) {
            inFlight.remove(connectionId, mine);
            aheadPermits.release();
            mine.completeExceptionally(e);
            throw e;
        }
    }

    private void runAhead(String connectionId, CompletableFuture<TokenAnswer> mine) {
        try {
            leadFor(connectionId, mine, () -> lead(connectionId, current -> aheadSettled(current, clock.instant())));
        } catch (RuntimeException e) {
            // The failure was stored as a retryable one with backoff (CrashedAttempts), or could not be stored and
            // the lease runs out instead; callers that joined got it through the future. Nothing left to do here.
            LOG.debug("background refresh of {} ended in {}", connectionId, e.getClass().getSimpleName());
        } finally {
            aheadPermits.release();
        }
    }

    /** For a refresh ahead: an answer when no refresh is needed (any more), null when the refresh is due. */
    private TokenAnswer aheadSettled(Connection current, Instant now) {
        TokenAnswer settled = settledAnswer(current, now);
        return settled == null || settled instanceof TokenAnswer.Fresh && dueAhead(current, now) ? null : settled;
    }

    /**
     * Whether a usable token should be refreshed ahead: active, not backing off (nor rate-limited), renewable, and due
     * by its schedule or margin.
     */
    private boolean dueAhead(Connection connection, Instant now) {
        return !connection.state().isStale() && !connection.backingOff(now)
                && settings.expiryPolicy().refreshDue(connection.tokens(), connection.nextRefreshAt(), now)
                && renewable(connection);
    }

    /**
     * The creation of a connection of {@code provider} holding {@code tokens}: a grant with a refresh token is
     * scheduled for its first proactive refresh ({@link #firstRefreshAt}); a client-credentials connection is not
     * scheduled, and lacks no refresh token.
     */
    public Transition creation(String connectionId, ProviderConfig provider, TokenSet tokens,
            Map<String, String> metadata, Instant now) {
        return provider.clientCredentials()
                ? ConnectionLifecycle.createdWithClientCredentials(connectionId, provider.key(), tokens, metadata, now)
                : ConnectionLifecycle.created(connectionId, provider.key(), tokens, metadata, now,
                        firstRefreshAt(tokens));
    }

    /**
     * When new tokens are first refreshed proactively, early enough to cover the due-work lag this process observed;
     * null without a refresh token or a known expiry.
     */
    public Instant firstRefreshAt(TokenSet tokens) {
        return tokens.refreshToken() == null ? null
                : settings.expiryPolicy().nextRefreshAt(tokens, dueWorkLag.observed(), random);
    }

    /**
     * Creates a connection of a client-credentials provider by asking for its first token with the client's
     * credentials: {@code Fresh} with the stored connection; or, storing nothing, {@code Stale} ({@code misconfigured}:
     * the provider refused the client) or {@code Unavailable} (a retryable failure: ask again at {@code retryAt}).
     *
     * @throws IllegalArgumentException  when the provider's grant type is not client credentials
     * @throws ConnectionExistsException when a connection has this id (checked before asking, and at the insert)
     */
    public TokenAnswer connectClientCredentials(String connectionId, ProviderConfig provider,
            Map<String, String> metadata) {
        if (!provider.clientCredentials()) {
            throw new IllegalArgumentException("provider '" + provider.key() + "' has grant_type "
                    + provider.grantType().wireName() + ", not client_credentials: import its users' grants instead");
        }
        if (store.find(connectionId).isPresent()) {
            throw new ConnectionExistsException(connectionId);
        }
        Instant now = clock.instant();
        return switch (clientCredentials.ask(provider)) {
            case RefreshOutcome.Refreshed refreshed -> {
                Transition creation = creation(connectionId, provider, refreshed.tokens(), metadata, now);
                if (!store.create(creation)) {
                    throw new ConnectionExistsException(connectionId);
                }
                yield new TokenAnswer.Fresh(creation.after());
            }
            case RefreshOutcome.RetryLater later ->
                    new TokenAnswer.Unavailable(connectionId, now.plus(later.after()), later.reason());
            case RefreshOutcome.NeedsReauth dead -> refusedClient(connectionId, dead.reason(), now);
            case RefreshOutcome.Misconfigured broken -> refusedClient(connectionId, broken.reason(), now);
        };
    }

    private static TokenAnswer refusedClient(String connectionId, FailureReason reason, Instant now) {
        return new TokenAnswer.Stale(connectionId, ConnectionState.MISCONFIGURED,
                new LastError(FailureClass.MISCONFIGURED, reason, now));
    }

    /** Whether a new access token can be had without the user: with a refresh token, or the client's credentials. */
    private boolean renewable(Connection connection) {
        return connection.tokens().refreshToken() != null || providers.clientCredentials(connection.providerKey());
    }

    /**
     * Refreshes now, unless a refresh that completed after this call began already did; never two at once.
     * A stale connection answers at once; a rate-limited one waits for its {@code Retry-After}.
     */
    public TokenAnswer refresh(String connectionId) {
        Optional<Connection> found = store.find(connectionId);
        if (found.isEmpty()) {
            return new TokenAnswer.NotFound(connectionId);
        }
        Connection connection = found.get();
        if (connection.state().isStale()) {
            return TokenAnswer.stale(connection);
        }
        if (rateLimited(connection, clock.instant())) {
            return TokenAnswer.whileBackingOff(connection, clock.instant());
        }
        return singleFlight(connection, current -> refreshedSince(connection, current));
    }

    /**
     * Refreshes because the provider rejected {@code usedAccessToken}, unless that token is no longer the stored one
     * (another caller refreshed meanwhile: its newer token is the answer). Joins a refresh already in flight in this
     * process; under the lease the stored token is compared again, so a whole deployment of callers that all saw the
     * same token rejected causes one refresh. A stale connection answers at once; a rate-limited one waits for its
     * {@code Retry-After} (the answer may then hold the rejected token). A token this engine refreshed less than
     * {@link #REJECTION_GRACE} ago is not refreshed again (the answer holds it): a provider whose API rejects the
     * tokens it just issued would otherwise get one refresh per proxied call.
     */
    public TokenAnswer refreshIfCurrent(String connectionId, Secret usedAccessToken) {
        Objects.requireNonNull(usedAccessToken, "usedAccessToken");
        Optional<Connection> found = store.find(connectionId);
        if (found.isEmpty()) {
            return new TokenAnswer.NotFound(connectionId);
        }
        Connection connection = found.get();
        Function<Connection, TokenAnswer> settle = current -> supersededOrStale(current, usedAccessToken,
                clock.instant());
        TokenAnswer settled = settle.apply(connection);
        if (settled != null) {
            return settled;
        }
        if (rateLimited(connection, clock.instant())) {
            return TokenAnswer.whileBackingOff(connection, clock.instant());
        }
        return singleFlight(connection, settle);
    }

    /**
     * Runs a proactive refresh under {@code claimed}, a lease the caller already holds (a claim of the refresh
     * schedule), and gives the lease up afterwards, unless it ends in an exception: then the lease is kept until it
     * runs out, which spaces the next claim. Nothing is sent when the connection went stale or left the schedule
     * since it was claimed.
     */
    public TokenAnswer refreshClaimed(Lease claimed) {
        String id = claimed.connectionId();
        CompletableFuture<TokenAnswer> mine = new CompletableFuture<>();
        CompletableFuture<TokenAnswer> running = inFlight.putIfAbsent(id, mine);
        if (running != null) {
            // A caller of this process leads, waiting for the lease held here: hand it over by releasing it.
            leases.release(claimed);
            return join(running);
        }
        return leadFor(id, mine, () -> underClaim(claimed));
    }

    private TokenAnswer underClaim(Lease claimed) {
        boolean release = true;
        try {
            Optional<Connection> found = store.find(claimed.connectionId());
            if (found.isEmpty()) {
                return new TokenAnswer.NotFound(claimed.connectionId());
            }
            Connection current = found.get();
            // A misconfigured connection is claimed only for a re-verification scheduled by a config change.
            boolean reverify = current.state() == ConnectionState.MISCONFIGURED && current.nextRefreshAt() != null;
            if (current.state().isStale() && !reverify) {
                return TokenAnswer.stale(current);
            }
            if (current.nextRefreshAt() == null) {
                return settledOrFresh(current, clock.instant());
            }
            // The store found it due on its own clock when the lease was taken, and every refresh needs that
            // lease, so no one refreshed it since: no second opinion from this process's clock (which may lag).
            return attempt(current, claimed);
        } catch (RuntimeException e) {
            // Nothing could be stored (the row cannot be read, the store is down): the claim runs out instead of
            // being released, so the schedule does not hand this connection out again at once.
            release = false;
            throw e;
        } finally {
            if (release) {
                leases.release(claimed);
            }
        }
    }

    /** One attempt under {@code lease}; an exception in it is stored as a retryable failure with backoff. */
    private TokenAnswer attempt(Connection current, Lease lease) {
        try {
            return runner.run(current, lease, providers.find(current.providerKey()));
        } catch (RefreshAttemptRunner.AfterSendingException e) {
            return crashes.record(current, lease, e.failure(), true);
        } catch (RuntimeException e) {
            return crashes.record(current, lease, e, false);
        }
    }

    private TokenAnswer settledOrFresh(Connection current, Instant now) {
        TokenAnswer settled = settledAnswer(current, now);
        return settled != null ? settled : new TokenAnswer.Fresh(current);
    }

    RefreshSettings settings() {
        return settings;
    }

    /**
     * Refreshes the connection once in this process and, through the lease, in the deployment. {@code settle} is
     * asked again after waiting for another holder and under the lease: an answer means no refresh is needed any
     * more, null means refresh now.
     */
    private TokenAnswer singleFlight(Connection observed, Function<Connection, TokenAnswer> settle) {
        CompletableFuture<TokenAnswer> mine = new CompletableFuture<>();
        CompletableFuture<TokenAnswer> running = inFlight.putIfAbsent(observed.id(), mine);
        if (running != null) {
            return join(running);
        }
        return leadFor(observed.id(), mine, () -> lead(observed.id(), settle));
    }

    /** Runs {@code work} as this process's one refresh of the connection, sharing its answer through {@code mine}. */
    private TokenAnswer leadFor(String connectionId, CompletableFuture<TokenAnswer> mine, Supplier<TokenAnswer> work) {
        try {
            TokenAnswer answer = work.get();
            mine.complete(answer);
            return answer;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(connectionId, mine);
        }
    }

    private TokenAnswer lead(String connectionId, Function<Connection, TokenAnswer> settle) {
        String holder = settings.instanceId() + "/" + Thread.currentThread().threadId();
        for (int round = 0; round < MAX_LEASE_ROUNDS; round++) {
            Optional<Lease> lease = leases.tryAcquire(connectionId, holder, settings.leaseTtl());
            if (lease.isPresent()) {
                return underLease(connectionId, settle, lease.get());
            }
            awaitOtherHolder(connectionId);
            TokenAnswer afterWait = reread(connectionId, settle);
            if (afterWait != null) {
                return afterWait;
            }
        }
        Instant now = clock.instant();
        return new TokenAnswer.Unavailable(connectionId, now.plus(settings.leaseTtl()), FailureReason.of(
                "refresh_in_progress", "another instance keeps refreshing this connection; try again shortly"));
    }

    private TokenAnswer underLease(String connectionId, Function<Connection, TokenAnswer> settle, Lease lease) {
        boolean release = true;
        try {
            Connection current = store.find(connectionId).orElse(null);
            if (current == null) {
                return new TokenAnswer.NotFound(connectionId);
            }
            TokenAnswer settled = settle.apply(current);
            if (settled != null) {
                return settled;
            }
            return attempt(current, lease);
        } catch (CrashedAttempts.UnrecordedAttemptException e) {
            release = false;
            throw e;
        } finally {
            if (release) {
                leases.release(lease);
            }
        }
    }

    /** Re-reads the connection: an answer when no refresh is needed any more, else null. */
    private TokenAnswer reread(String connectionId, Function<Connection, TokenAnswer> settle) {
        Optional<Connection> found = store.find(connectionId);
        return found.isEmpty() ? new TokenAnswer.NotFound(connectionId) : settle.apply(found.get());
    }

    /** For a forced refresh: stale, or refreshed by someone since {@code observed} was read; else null. */
    private static TokenAnswer refreshedSince(Connection observed, Connection current) {
        if (current.state().isStale()) {
            return TokenAnswer.stale(current);
        }
        return current.refreshCount() > observed.refreshCount() ? new TokenAnswer.Fresh(current) : null;
    }

    /**
     * For a rejected token: stale, no longer the stored token, or refreshed less than {@link #REJECTION_GRACE} ago
     * (the stored one is the answer); else null.
     */
    private static TokenAnswer supersededOrStale(Connection current, Secret usedAccessToken, Instant now) {
        if (current.state().isStale()) {
            return TokenAnswer.stale(current);
        }
        boolean justRefreshed = current.lastRefreshedAt() != null
                && now.isBefore(current.lastRefreshedAt().plus(REJECTION_GRACE));
        return current.tokens().accessToken().equals(usedAccessToken) && !justRefreshed
                ? null
                : new TokenAnswer.Fresh(current);
    }

    /** The answer that needs no refresh (stale, usable, or backing off), or null when a refresh is due. */
    private TokenAnswer settledAnswer(Connection connection, Instant now) {
        if (connection.state().isStale()) {
            return TokenAnswer.stale(connection);
        }
        if (settings.expiryPolicy().usable(connection.tokens(), now)) {
            return new TokenAnswer.Fresh(connection);
        }
        if (connection.backingOff(now)) {
            return TokenAnswer.whileBackingOff(connection, now);
        }
        return null;
    }

    private static boolean rateLimited(Connection connection, Instant now) {
        return connection.backingOff(now) && connection.lastError() != null
                && "rate_limited".equals(connection.lastError().reason().code());
    }

    private void awaitOtherHolder(String connectionId) {
        try {
            leases.awaitRelease(connectionId, settings.leaseTtl());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException("interrupted while waiting for another refresh of " + connectionId, e);
        }
    }

    private static TokenAnswer join(CompletableFuture<TokenAnswer> running) {
        try {
            return running.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
