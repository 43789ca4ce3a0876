package dev.tokenkeeper.server.connect;

import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionLifecycle;
import dev.tokenkeeper.core.port.ConnectSession;
import dev.tokenkeeper.core.port.ConnectSessionError;
import dev.tokenkeeper.core.port.ConnectSessions;
import dev.tokenkeeper.core.port.ConnectionStore;
import dev.tokenkeeper.core.port.ProviderDirectory;
import dev.tokenkeeper.core.port.SessionConsumption;
import dev.tokenkeeper.core.provider.ConnectionConfigException;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.refresh.FailureReason;
import dev.tokenkeeper.core.refresh.Redactor;
import dev.tokenkeeper.core.refresh.RefreshOutcome;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.token.TokenSet;
import dev.tokenkeeper.server.connection.ConnectionService;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes a connect session at the callback: uses its state once, reads the provider's answer, exchanges the code
 * and stores the tokens as a new connection or in the connection being reconnected. Logs name the session, provider,
 * connection and outcome, never a state, code, verifier or token.
 */
final class CallbackCompletion {
    /** The most the code exchange at the token URL may take. */
    static final Duration EXCHANGE_DEADLINE = Duration.ofSeconds(10);
    /** How often storing the tokens is tried again when the connection changes under it (a refresh committing). */
    static final int MAX_WRITE_ATTEMPTS = 5;

    private static final Logger LOG = LoggerFactory.getLogger(CallbackCompletion.class);

    private final ConnectSessions sessions;
    private final ConnectionStore store;
    private final ProviderDirectory providers;
    private final CodeExchange exchange;
    private final ConnectionService connections;
    private final InstantSource clock;
    private final BiConsumer<String, Instant> completedSessions;
    private final SameAccount sameAccount;

    CallbackCompletion(ConnectSessions sessions, ConnectionStore store, ProviderDirectory providers,
            CodeExchange exchange, ConnectionService connections, InstantSource clock) {
        this(sessions, store, providers, exchange, connections, clock, (session, at) -> { }, SameAccount.off());
    }

    /**
     * @param completedSessions told the id of each session that connected, and when (reconnect links use it)
     * @param sameAccount       reads and keeps the account subjects: a reconnect that brings another account is
     *                          refused unless the provider config allows it
     */
    CallbackCompletion(ConnectSessions sessions, ConnectionStore store, ProviderDirectory providers,
            CodeExchange exchange, ConnectionService connections, InstantSource clock,
            BiConsumer<String, Instant> completedSessions, SameAccount sameAccount) {
        this.sameAccount = Objects.requireNonNull(sameAccount, "sameAccount");
        this.completedSessions = Objects.requireNonNull(completedSessions, "completedSessions");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.store = Objects.requireNonNull(store, "store");
        this.providers = Objects.requireNonNull(providers, "providers");
        this.exchange = Objects.requireNonNull(exchange, "exchange");
        this.connections = Objects.requireNonNull(connections, "connections");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The database refused the new connection: its provider was deleted while the code was exchanged. */
    private CallbackOutcome providerDeletedMeanwhile(ConnectSession session, String id, TokenSet tokens) {
        connections.revokeUnstored(session.providerKey(), id, tokens);
        return failed(session, CallbackFailure.providerRemoved(session.providerKey()),
                Cause.PROVIDER_NOT_CONFIGURED);
    }

    /** Completes the session the query's state names, at most once per session. */
    CallbackOutcome complete(CallbackQuery query) {
        if (query.state() == null) {
            return refused(CallbackFailure.missingState(), null, null);
        }
        return switch (sessions.consume(Secret.of(query.state()), clock.instant())) {
            case SessionConsumption.Consumed consumed -> complete(consumed.session(), query);
            case SessionConsumption.AlreadyUsed used ->
                    refused(CallbackFailure.alreadyUsed(), used.sessionId(), used.redirectAfter());
            case SessionConsumption.Expired expired ->
                    refused(CallbackFailure.expired(), expired.sessionId(), expired.redirectAfter());
            case SessionConsumption.Unknown ignored -> refused(CallbackFailure.unknownState(), null, null);
        };
    }

    /** Completes a session just consumed; whatever happens, the session ends completed or failed. */
    private CallbackOutcome complete(ConnectSession session, CallbackQuery query) {
        try {
            return completeConsumed(session, query);
        } catch (RuntimeException e) {
            String incident = UUID.randomUUID().toString();
            LOG.error("incident={} connect_session={} the connect callback failed", incident, session.id(), e);
            return failed(session, CallbackFailure.internal(incident), Cause.INTERNAL_ERROR);
        }
    }

    private CallbackOutcome completeConsumed(ConnectSession session, CallbackQuery query) {
        String providerKey = session.providerKey();
        if (query.error() != null) {
            return authorizationFailed(session, query);
        }
        if (query.code() == null) {
            return failed(session, CallbackFailure.missingCode(providerKey), Cause.AUTHORIZATION_FAILED);
        }
        Optional<ProviderConfig> configured = providers.find(providerKey);
        if (configured.isEmpty()) {
            return failed(session, CallbackFailure.providerRemoved(providerKey), Cause.PROVIDER_NOT_CONFIGURED);
        }
        ProviderConfig provider;
        try {
            provider = configured.get().forConnectSession(session.connectionConfig());
        } catch (ConnectionConfigException e) {
            return failed(session, CallbackFailure.connectionConfigChanged(providerKey, e.getMessage()),
                    Cause.CONNECTION_CONFIG_INVALID);
        }
        return switch (exchange.exchange(provider, Secret.of(query.code()), session.codeVerifier())) {
            case RefreshOutcome.Refreshed issued -> store(session, provider,
                    ConnectSettings.kept(provider, issued.tokens(), session.connectionConfig()));
            case RefreshOutcome.NeedsReauth refused -> exchangeFailed(session,
                    CallbackFailure.codeRefused(providerKey, refused.reason()), refused.reason());
            case RefreshOutcome.Misconfigured wrong -> exchangeFailed(session,
                    CallbackFailure.clientRefused(providerKey, wrong.reason()), wrong.reason());
            case RefreshOutcome.RetryLater retry -> exchangeFailed(session, "timeout".equals(retry.reason().code())
                    ? CallbackFailure.providerTimeout(providerKey)
                    : CallbackFailure.providerUnavailable(providerKey, retry.reason()), retry.reason());
        };
    }

    /** The code exchange gave no tokens: the cause as connect names it, with the provider's words. */
    private CallbackOutcome exchangeFailed(ConnectSession session, CallbackFailure failure, FailureReason reason) {
        Cause cause = ConnectCauses.ofExchange(reason);
        return failed(session, failure, failure.code(), cause,
                reason.withCode(failure.code(), failure.detail()).withCause(cause));
    }

    /** The provider sent the user back with an OAuth {@code error} instead of a code. */
    private CallbackOutcome authorizationFailed(ConnectSession session, CallbackQuery query) {
        String providerKey = session.providerKey();
        CallbackFailure failure = "access_denied".equals(query.error())
                ? CallbackFailure.accessDenied(providerKey, query.errorDescription())
                : CallbackFailure.authorizationError(providerKey, query.error(), query.errorDescription());
        String code = ConnectSessionError.isValidCode(query.error()) ? query.error() : failure.code();
        Cause cause = ConnectCauses.ofAuthorizationError(code, query.errorDescription());
        FailureReason reason = new FailureReason(code, failure.detail(), null, providerText(query.error()),
                providerText(query.errorDescription()), null, cause);
        return failed(session, failure, code, cause, reason);
    }

    /** Provider text as kept in a timeline: secrets redacted, cut. */
    private static String providerText(String text) {
        return text == null ? null
                : Redactor.redactText(Redactor.cut(text.strip(), CallbackFailure.MAX_PROVIDER_TEXT));
    }

    private CallbackOutcome store(ConnectSession session, ProviderConfig provider, TokenSet tokens) {
        String subject = sameAccount.subjectOf(provider.forConnectionIfPossible(tokens.raw()), tokens).orElse(null);
        Instant now = clock.instant();
        Instant refreshAt = connections.refreshAt(tokens);
        if (!session.isReconnect()) {
            String id = connections.newId();
            if (!store.create(ConnectionLifecycle.created(id, session.providerKey(), tokens, session.metadata(), now,
                    refreshAt))) {
                if (store.find(id).isEmpty()) {
                    return providerDeletedMeanwhile(session, id, tokens);
                }
                throw new IllegalStateException("the generated connection id " + id + " is taken");
            }
            return connected(session, id, false, tokens, subject);
        }
        String id = session.connectionId();
        for (int attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
            Connection current = store.find(id).orElse(null);
            if (current == null) {
                // A new connection under the id the session named, or one deleted while the user was at the
                // provider (the user still wants it): created under that id.
                if (store.create(ConnectionLifecycle.created(id, session.providerKey(), tokens, session.metadata(),
                        now, refreshAt))) {
                    return connected(session, id, false, tokens, subject);
                }
                if (store.find(id).isEmpty()) {
                    return providerDeletedMeanwhile(session, id, tokens);
                }
            } else if (!current.providerKey().equals(session.providerKey())) {
                connections.revokeUnstored(session.providerKey(), id, tokens);
                return failed(session, CallbackFailure.connectionTaken(id), Cause.INTERNAL_ERROR);
            } else if (accountChanged(provider, id, subject)) {
                connections.revokeUnstored(session.providerKey(), id, tokens);
                return failed(session, CallbackFailure.accountChanged(session.providerKey()), Cause.ACCOUNT_CHANGED);
            } else if (store.commit(ConnectionLifecycle.reconnected(current, tokens, now, refreshAt),
                    current.generation(), null)) {
                return connected(session, id, true, tokens, subject);
            }
        }
        connections.revokeUnstored(session.providerKey(), id, tokens);
        return failed(session, CallbackFailure.busy(id), Cause.INTERNAL_ERROR);
    }

    /**
     * True when the connection's stored account differs from the one the new tokens belong to and the provider config
     * does not allow a change. A provider that cannot tell (no subject), or a connection whose account was never
     * known, is accepted.
     */
    private boolean accountChanged(ProviderConfig provider, String connectionId, String subject) {
        if (subject == null || provider.account().allowChange()) {
            return false;
        }
        return sameAccount.stored(connectionId).filter(known -> !known.equals(subject)).isPresent();
    }

    private CallbackOutcome connected(ConnectSession session, String connectionId, boolean reconnected,
            TokenSet tokens, String subject) {
        if (subject != null) {
            sameAccount.store(connectionId, subject);
        }
        List<Cause> warnings = connections.warnings(connectionId, session.providerKey(), tokens);
        Instant now = clock.instant();
        sessions.complete(session.id(), connectionId, warnings, now);
        completedSessions.accept(session.id(), now);
        LOG.info("connect_session={} provider={} connection={} event={}", session.id(), session.providerKey(),
                connectionId, reconnected ? "reconnected" : "created");
        return new CallbackOutcome.Connected(connectionId, session.providerKey(), reconnected,
                session.redirectAfter());
    }

    private CallbackOutcome failed(ConnectSession session, CallbackFailure failure, Cause cause) {
        return failed(session, failure, failure.code(), cause,
                FailureReason.of(failure.code(), failure.detail(), cause));
    }

    /**
     * Ends the session as failed with {@code code}, the failure's detail and the cause, and says so; a failed reconnect
     * is also written into the connection's timeline ({@code connect.failed}), without changing the connection.
     */
    private CallbackOutcome failed(ConnectSession session, CallbackFailure failure, String code, Cause cause,
            FailureReason reason) {
        Instant now = clock.instant();
        sessions.fail(session.id(), new ConnectSessionError(code, failure.detail(), cause), now);
        if (session.isReconnect()) {
            store.find(session.connectionId())
                    .filter(connection -> connection.providerKey().equals(session.providerKey()))
                    .ifPresent(connection -> store.record(List.of(
                            ConnectionLifecycle.connectFailed(connection, reason, now))));
        }
        LOG.info("connect_session={} provider={} connection={} event=callback_failed code={} cause={} status={}",
                session.id(), session.providerKey(), session.connectionId(), code, cause.code(), failure.status());
        return new CallbackOutcome.Failed(failure, code, session.id(), session.redirectAfter());
    }

    private static CallbackOutcome refused(CallbackFailure failure, String sessionId, URI redirectAfter) {
        LOG.info("connect_session={} event=callback_refused code={} status={}", sessionId, failure.code(),
                failure.status());
        return new CallbackOutcome.Failed(failure, failure.code(), sessionId, redirectAfter);
    }
}
