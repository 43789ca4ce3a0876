package dev.tokenkeeper.core.refresh;

import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionEvent.RefreshAttempted;
import dev.tokenkeeper.core.connection.ConnectionLifecycle;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.connection.Transition;
import dev.tokenkeeper.core.port.ConnectionStore;
import dev.tokenkeeper.core.port.Lease;
import dev.tokenkeeper.core.port.QuarantinedRefresh;
import dev.tokenkeeper.core.port.RefreshLease;
import dev.tokenkeeper.core.port.TokenEndpoint;
import dev.tokenkeeper.core.port.TokenEndpointReply;
import dev.tokenkeeper.core.port.TokenRequest;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.provider.RotationSettings;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.token.TokenMerge;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one refresh attempt under a held lease: request, classification, merge, fenced commit.
 *
 * <p>Crash window: when the previous holder died after sending ({@link Lease#interruptedAttempt()}), the refresh
 * token may already be spent. It is sent again only when that cannot trigger reuse detection — the provider keeps
 * refresh tokens, or its reuse grace period still covers the interrupted request. Otherwise the connection becomes
 * {@code needs_reauth} with {@code refresh_interrupted} at once, and a resend answered by {@code invalid_grant}
 * is named the same way: never silent.
 */
final class RefreshAttemptRunner {
    private static final Logger LOG = LoggerFactory.getLogger(RefreshEngine.class);
    private static final FailureReason INTERRUPTED = FailureReason.of("refresh_interrupted", "a refresh was"
            + " interrupted after it was sent and the refresh token it used can no longer be trusted: the user must"
            + " reconnect");

    private final ConnectionStore store;
    private final RefreshLease leases;
    private final TokenEndpoint endpoint;
    private final InstantSource clock;
    private final RefreshSettings settings;
    private final RandomGenerator random;
    private final FailureClassifier classifier;
    private final DueWorkLag dueWorkLag;

    RefreshAttemptRunner(ConnectionStore store, RefreshLease leases, TokenEndpoint endpoint, InstantSource clock,
            RefreshSettings settings, RandomGenerator random, DueWorkLag dueWorkLag) {
        this.store = store;
        this.leases = leases;
        this.endpoint = endpoint;
        this.clock = clock;
        this.settings = settings;
        this.random = random;
        this.classifier = new FailureClassifier(settings.backoff());
        this.dueWorkLag = dueWorkLag;
    }

    /** Refreshes {@code current}, read under {@code lease}, and answers the caller. */
    TokenAnswer run(Connection current, Lease lease, Optional<ProviderConfig> provider) {
        Instant now = clock.instant();
        if (provider.isEmpty()) {
            return markUnrefreshable(current, lease, ConnectionState.MISCONFIGURED, FailureReason.of(
                    "unknown_provider", "provider '" + current.providerKey() + "' is not configured"));
        }
        Secret refreshToken = current.tokens().refreshToken();
        if (refreshToken == null) {
            Instant expiresAt = current.tokens().expiresAt();
            if (expiresAt == null || now.isBefore(expiresAt)) {
                return new TokenAnswer.Fresh(current);
            }
            return markUnrefreshable(current, lease, ConnectionState.NEEDS_REAUTH, FailureReason.of(
                    "no_refresh_token", "the access token expired and the grant has no refresh token"));
        }
        if (lease.interruptedAttempt() && !reuseIsSafe(provider.get(), lease.interruptedAttemptAt(), now)) {
            return markUnrefreshable(current, lease, ConnectionState.NEEDS_REAUTH, FailureReason.of(
                    INTERRUPTED.code(), "a refresh was interrupted after it was sent; the provider rotates refresh"
                            + " tokens and no reuse grace period covers a retry, so the refresh token was not sent"
                            + " again (reuse could revoke the grant): the user must reconnect"));
        }
        if (!leases.markAttemptStarted(lease)) {
            return leaseLost(current);
        }
        return attempt(current, lease, provider.get(), refreshToken);
    }

    private TokenAnswer attempt(Connection current, Lease lease, ProviderConfig provider, Secret refreshToken) {
        TokenRequest request = RefreshRequests.refresh(provider, refreshToken);
        TokenEndpointReply reply = endpoint.exchange(request, settings.httpDeadline());
        RefreshOutcome outcome = adjust(current, lease,
                classifier.classify(reply, provider, current.consecutiveFailures(), random));
        RefreshAttempted attempt = AttemptRecords.of(current.id(), lease.fence(), request, reply, outcome);
        Instant next = outcome instanceof RefreshOutcome.Refreshed refreshed
                ? settings.expiryPolicy().nextRefreshAt(refreshed.tokens(), dueWorkLag.observed(), random)
                : null;
        Transition transition = ConnectionLifecycle.afterAttempt(current, outcome, attempt, clock.instant(), next);
        boolean committed = store.commit(transition, current.generation(), lease);
        AttemptRecords.log(current, provider, attempt, committed);
        if (!committed) {
            return committedByNobody(current, lease, outcome);
        }
        return answer(transition.after(), outcome);
    }

    /**
     * Whether sending the refresh token of an interrupted attempt again cannot trigger the provider's reuse
     * detection: the provider keeps refresh tokens, or still accepts a just-rotated one for long enough.
     */
    private static boolean reuseIsSafe(ProviderConfig provider, Instant interruptedAt, Instant now) {
        RotationSettings rotation = provider.rotation();
        if (!rotation.rotatesRefreshToken()) {
            return true;
        }
        return !rotation.reuseGrace().isZero() && now.isBefore(interruptedAt.plus(rotation.reuseGrace()));
    }

    /** Merges a success into the previous tokens; names a lost grant after an interrupted attempt. */
    private static RefreshOutcome adjust(Connection current, Lease lease, RefreshOutcome outcome) {
        return switch (outcome) {
            case RefreshOutcome.Refreshed refreshed -> new RefreshOutcome.Refreshed(
                    TokenMerge.merge(current.tokens(), refreshed.tokens()), refreshed.notes());
            case RefreshOutcome.NeedsReauth dead when lease.interruptedAttempt() -> new RefreshOutcome.NeedsReauth(
                    dead.reason().withCode(INTERRUPTED.code(), INTERRUPTED.message()));
            default -> outcome;
        };
    }

    private TokenAnswer answer(Connection after, RefreshOutcome outcome) {
        return switch (outcome) {
            case RefreshOutcome.Refreshed ignored -> new TokenAnswer.Fresh(after);
            case RefreshOutcome.RetryLater ignored -> TokenAnswer.whileBackingOff(after, clock.instant());
            case RefreshOutcome.NeedsReauth ignored -> TokenAnswer.stale(after);
            case RefreshOutcome.Misconfigured ignored -> TokenAnswer.stale(after);
        };
    }

    /** The commit was refused: a success is quarantined, never dropped; the caller gets what is stored now. */
    private TokenAnswer committedByNobody(Connection current, Lease lease, RefreshOutcome outcome) {
        if (outcome instanceof RefreshOutcome.Refreshed refreshed) {
            store.quarantine(new QuarantinedRefresh(current.id(), lease.fence(), refreshed.tokens(), clock.instant(),
                    "lease lost before commit"));
            LOG.warn("refresh_quarantined connection={} fence={}: the provider answered after this instance lost the"
                    + " lease; the new tokens are kept in quarantine", current.id(), lease.fence());
        }
        return leaseLost(current);
    }

    private TokenAnswer leaseLost(Connection current) {
        Connection now = store.find(current.id()).orElse(current);
        Instant at = clock.instant();
        if (now.state().isStale()) {
            return TokenAnswer.stale(now);
        }
        if (settings.expiryPolicy().usable(now.tokens(), at)) {
            return new TokenAnswer.Fresh(now);
        }
        return new TokenAnswer.Unavailable(now.id(), at.plus(RefreshSettings.MIN_COMMIT_GAP), FailureReason.of(
                "lease_lost", "this instance lost the refresh lease to another; try again"));
    }

    private TokenAnswer markUnrefreshable(Connection current, Lease lease, ConnectionState state,
            FailureReason reason) {
        Transition transition = ConnectionLifecycle.unrefreshable(current, state, reason, clock.instant());
        if (!store.commit(transition, current.generation(), lease)) {
            return leaseLost(current);
        }
        LOG.info("connection_state connection={} provider={} state={} code={}", current.id(),
                current.providerKey(), state.wireName(), reason.code());
        return TokenAnswer.stale(transition.after());
    }
}
