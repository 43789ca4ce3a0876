package dev.tokenkeeper.core.refresh;

import dev.tokenkeeper.core.cause.Cause;
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
import dev.tokenkeeper.core.provider.ConnectionConfigException;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.provider.RotationSettings;
import dev.tokenkeeper.core.refresh.RefreshTokenIntrospection.Verdict;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.token.TokenMerge;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one refresh attempt under a held lease: request, classification, merge, fenced commit.
 *
 * <p>Crash window: the attempt is marked started (a durable, fenced write) immediately before its request is sent,
 * with the request already built, so a holder that dies before the mark leaves nothing that looks interrupted. When
 * the previous holder died after the mark ({@link Lease#interruptedAttempt()}), the refresh token may already be
 * spent. It is sent again only when that cannot trigger reuse detection — the provider keeps refresh tokens, its reuse
 * grace period still covers the interrupted request, or its RFC 7662 token introspection says the refresh token is
 * still active. Otherwise the connection becomes {@code needs_reauth} with {@code refresh_interrupted} and the
 * evidence (introspection's answer or failure included), and a resend answered by {@code invalid_grant} is named the
 * same way: never silent.
 */
final class RefreshAttemptRunner {
    private static final Logger LOG = LoggerFactory.getLogger(RefreshEngine.class);
    private static final FailureReason INTERRUPTED = FailureReason.of("refresh_interrupted", "a refresh was"
            + " interrupted after it was sent and the refresh token it used can no longer be trusted: the user must"
            + " reconnect");
    /** The shortest introspection worth trying; with less time left in the lease the conservative path is taken. */
    private static final Duration MIN_INTROSPECTION = Duration.ofMillis(500);

    /** Pauses before each new try of a success's commit that threw (1.5 s in all, well within the lease). */
    private static final List<Duration> COMMIT_RETRY_PAUSES = List.of(Duration.ofMillis(100),
            Duration.ofMillis(400), Duration.ofMillis(1_000));
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
    TokenAnswer run(Connection current, Lease lease, Optional<ProviderConfig> configured) {
        Instant now = clock.instant();
        if (configured.isEmpty()) {
            return markUnrefreshable(current, lease, ConnectionState.MISCONFIGURED, FailureReason.of(
                    "unknown_provider", "provider '" + current.providerKey() + "' is not configured"));
        }
        ProviderConfig provider;
        try {
            provider = configured.get().forConnection(current.tokens().raw());
        } catch (ConnectionConfigException e) {
            // its URLs cannot be filled with its own settings: no request can be sent until the operator acts
            return markUnrefreshable(current, lease, ConnectionState.MISCONFIGURED,
                    FailureReason.of(CodeCauses.CONNECTION_CONFIG_CODE, e.getMessage()));
        }
        if (provider.clientCredentials()) {
            return askWithClientCredentials(current, lease, provider);
        }
        Secret refreshToken = current.tokens().refreshToken();
        if (refreshToken == null && current.state() == ConnectionState.MISCONFIGURED) {
            // a re-verification of a connection that nothing renews (its provider no longer gets tokens with the
            // client's credentials): it stays misconfigured and leaves the schedule
            return markUnrefreshable(current, lease, ConnectionState.MISCONFIGURED, current.lastError() != null
                    ? current.lastError().reason() : FailureReason.of("no_refresh_token",
                            "the connection has no refresh token, and its provider's grant_type is no longer"
                                    + " client_credentials"));
        }
        if (refreshToken == null) {
            Instant expiresAt = current.tokens().expiresAt();
            if (expiresAt == null || now.isBefore(expiresAt)) {
                return new TokenAnswer.Fresh(current);
            }
            return markUnrefreshable(current, lease, ConnectionState.NEEDS_REAUTH, FailureReason.of(
                    "no_refresh_token", "the access token expired and the grant has no refresh token"));
        }
        String resendNote = null;
        if (lease.interruptedAttempt() && !reuseIsSafe(provider, lease.interruptedAttemptAt(), now)) {
            Verdict verdict = introspect(current, provider, refreshToken, now);
            if (!(verdict instanceof Verdict.Active)) {
                return markUnrefreshable(current, lease, ConnectionState.NEEDS_REAUTH, interruptedReason(verdict));
            }
            resendNote = "resent after an interrupted refresh: " + verdict.evidence();
        }
        TokenRequest request = RefreshRequests.refresh(provider, refreshToken);
        // The mark is the last thing before the request leaves: nothing may wait between the two.
        if (!leases.markAttemptStarted(lease)) {
            return leaseLost(current);
        }
        try {
            return attempt(current, lease, provider, request, resendNote);
        } catch (RuntimeException afterMark) {
            throw new AfterSendingException(afterMark);
        }
    }

    /**
     * A new access token asked for with the client's credentials. Sending the request again after an interrupted
     * attempt is always safe: there is no refresh token the lost request could have used up.
     */
    private TokenAnswer askWithClientCredentials(Connection current, Lease lease, ProviderConfig provider) {
        TokenRequest request = RefreshRequests.clientCredentials(provider);
        if (!leases.markAttemptStarted(lease)) {
            return leaseLost(current);
        }
        try {
            return attempt(current, lease, provider, request, lease.interruptedAttempt()
                    ? "asked again after an interrupted request: a client-credentials request is safe to repeat"
                    : null);
        } catch (RuntimeException afterMark) {
            throw new AfterSendingException(afterMark);
        }
    }

    /**
     * A failure after the attempt was marked started: the request may have reached the provider, which may have
     * rotated the refresh token, so whoever records it must leave the mark for the crash-window rules to settle.
     */
    static final class AfterSendingException extends RuntimeException {
        AfterSendingException(RuntimeException cause) {
            super(cause.getMessage(), cause);
        }

        RuntimeException failure() {
            return (RuntimeException) getCause();
        }
    }

    /**
     * Asks the provider's token introspection about the refresh token of an interrupted attempt, within what the
     * lease leaves after it for the resend and its commit; {@link Verdict.Unknown} when there is no endpoint or time.
     */
    private Verdict introspect(Connection current, ProviderConfig provider, Secret refreshToken, Instant startedAt) {
        if (provider.introspectionUrl() == null) {
            return new Verdict.Unknown("the provider has no introspection_url to ask whether the refresh token is"
                    + " still active", null);
        }
        Duration spent = Duration.between(startedAt, clock.instant());
        Duration left = settings.leaseTtl().minus(settings.httpDeadline()).minus(RefreshSettings.MIN_COMMIT_GAP)
                .minus(spent.isNegative() ? Duration.ZERO : spent);
        if (left.compareTo(MIN_INTROSPECTION) < 0) {
            return new Verdict.Unknown("no time was left within the refresh lease to ask the provider's token"
                    + " introspection (lease " + settings.leaseTtl().toMillis() + " ms, HTTP deadline "
                    + settings.httpDeadline().toMillis() + " ms)", null);
        }
        Duration deadline = left.compareTo(settings.httpDeadline()) < 0 ? left : settings.httpDeadline();
        TokenRequest request = RefreshTokenIntrospection.request(provider, refreshToken);
        Verdict verdict = RefreshTokenIntrospection.read(request, endpoint.exchange(request, deadline));
        LOG.info("refresh_interrupted_introspection connection={} provider={} verdict={} status={}", current.id(),
                provider.key(), verdict.getClass().getSimpleName().toLowerCase(Locale.ROOT), verdict.status());
        return verdict;
    }

    /** Why an interrupted attempt's refresh token is not sent again: the rule, and what introspection said. */
    private static FailureReason interruptedReason(Verdict verdict) {
        String message = verdict instanceof Verdict.Inactive
                ? "a refresh was interrupted after it was sent, and the provider says the refresh token is no longer"
                        + " active (rotated by the lost request, or revoked): the user must reconnect"
                : "a refresh was interrupted after it was sent; the provider rotates refresh tokens, no reuse grace"
                        + " period covers a retry and token introspection did not confirm the refresh token is still"
                        + " active, so it was not sent again (reuse could revoke the grant): the user must reconnect";
        return new FailureReason(INTERRUPTED.code(), message, verdict.status(), null, verdict.evidence(), null);
    }

    private TokenAnswer attempt(Connection current, Lease lease, ProviderConfig provider, TokenRequest request,
            String resendNote) {
        TokenEndpointReply reply = endpoint.exchange(request, settings.httpDeadline());
        RefreshOutcome classified = VerdictHistory.refine(current,
                classifier.classify(reply, provider, current.consecutiveFailures(), random), reply.sentAt(),
                settings.escalation());
        RefreshOutcome outcome = adjust(current, lease, provider,
                ClientCredentialsExchange.withoutUser(provider, classified), resendNote);
        RefreshAttempted attempt = AttemptRecords.of(current.id(), lease.fence(), request, reply, outcome);
        Instant next = outcome instanceof RefreshOutcome.Refreshed refreshed
                ? settings.expiryPolicy().nextRefreshAt(refreshed.tokens(), dueWorkLag.observed(), random)
                : null;
        Transition transition = ConnectionLifecycle.afterAttempt(current, outcome, attempt, clock.instant(), next,
                settings.escalation().refreshFailingAfter());
        if (mayHaveBeenUsedUp(reply, outcome)) {
            transition = transition.leavingAttemptUnsettled();
        }
        boolean committed = outcome instanceof RefreshOutcome.Refreshed
                ? commitRotation(transition, current.generation(), lease)
                : store.commit(transition, current.generation(), lease);
        AttemptRecords.log(current, provider, attempt, committed);
        if (!committed) {
            return committedByNobody(current, lease, outcome);
        }
        return answer(transition.after(), outcome);
    }

    /**
     * Whether the request left and no answer came back (it timed out, or the connection broke after it was sent): the
     * provider may have processed it and rotated the refresh token, so sending that token again is as unsafe as after
     * a crash. The attempt stays marked started and the next holder applies the crash-window rules. (No connection,
     * DNS, TLS or a refused URL means nothing left; an HTTP answer says what happened.)
     */
    private static boolean mayHaveBeenUsedUp(TokenEndpointReply reply, RefreshOutcome outcome) {
        return !(outcome instanceof RefreshOutcome.Refreshed)
                && reply instanceof TokenEndpointReply.TransportFailure failure
                && (failure.kind() == TokenEndpointReply.Kind.TIMEOUT || failure.kind() == TokenEndpointReply.Kind.IO);
    }

    /**
     * Commits a successful refresh, trying again a few times, briefly, when the store throws: the provider may have
     * rotated the refresh token, and these new tokens exist nowhere else. The tries stay well within the lease.
     */
    private boolean commitRotation(Transition transition, long generation, Lease lease) {
        RuntimeException failure = null;
        for (int retry = 0; ; retry++) {
            try {
                return store.commit(transition, generation, lease);
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
                if (retry >= COMMIT_RETRY_PAUSES.size()) {
                    throw failure;
                }
                Duration pause = COMMIT_RETRY_PAUSES.get(retry);
                LOG.warn("refresh_commit_failed connection={} fence={} error={}: the new tokens are held, trying"
                        + " again in {} ms", transition.after().id(), lease.fence(), e.getClass().getName(),
                        pause.toMillis());
                if (!sleep(pause)) {
                    throw failure;
                }
            }
        }
    }

    private static boolean sleep(Duration pause) {
        try {
            Thread.sleep(pause);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
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

    /**
     * Merges a success into the previous tokens (noting why an interrupted attempt was resent); names a lost grant
     * after an interrupted attempt.
     */
    private static RefreshOutcome adjust(Connection current, Lease lease, ProviderConfig provider,
            RefreshOutcome outcome, String resendNote) {
        return switch (outcome) {
            case RefreshOutcome.Refreshed refreshed -> new RefreshOutcome.Refreshed(
                    TokenMerge.merge(current.tokens(), refreshed.tokens(), provider.tokenResponse().refreshTokenIdle()),
                    withNote(refreshed.notes(), resendNote));
            case RefreshOutcome.NeedsReauth dead when lease.interruptedAttempt() -> new RefreshOutcome.NeedsReauth(
                    dead.reason().withCode(INTERRUPTED.code(), INTERRUPTED.message())
                            .withCause(Cause.REFRESH_INTERRUPTED));
            default -> outcome;
        };
    }

    private static List<String> withNote(List<String> notes, String note) {
        if (note == null) {
            return notes;
        }
        List<String> more = new ArrayList<>(notes);
        more.add(note);
        return more;
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
