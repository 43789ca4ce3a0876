package dev.tokenkeeper.server.connect;

import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionLifecycle;
import dev.tokenkeeper.core.port.ConnectSession;
import dev.tokenkeeper.core.port.ConnectSessionError;
import dev.tokenkeeper.core.port.ConnectSessions;
import dev.tokenkeeper.core.port.ConnectionStore;
import dev.tokenkeeper.core.port.ProviderDirectory;
import dev.tokenkeeper.core.port.SessionConsumption;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.refresh.RefreshOutcome;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.token.TokenSet;
import dev.tokenkeeper.server.connection.ConnectionService;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
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

    CallbackCompletion(ConnectSessions sessions, ConnectionStore store, ProviderDirectory providers,
            CodeExchange exchange, ConnectionService connections, InstantSource clock) {
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
        return failed(session, CallbackFailure.providerRemoved(session.providerKey()));
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
            return failed(session, CallbackFailure.internal(incident));
        }
    }

    private CallbackOutcome completeConsumed(ConnectSession session, CallbackQuery query) {
        String providerKey = session.providerKey();
        if (query.error() != null) {
            CallbackFailure failure = "access_denied".equals(query.error())
                    ? CallbackFailure.accessDenied(providerKey, query.errorDescription())
                    : CallbackFailure.authorizationError(providerKey, query.error(), query.errorDescription());
            return failed(session, failure, ConnectSessionError.isValidCode(query.error()) ? query.error()
                    : failure.code());
        }
        if (query.code() == null) {
            return failed(session, CallbackFailure.missingCode(providerKey));
        }
        Optional<ProviderConfig> provider = providers.find(providerKey);
        if (provider.isEmpty()) {
            return failed(session, CallbackFailure.providerRemoved(providerKey));
        }
        return switch (exchange.exchange(provider.get(), Secret.of(query.code()), session.codeVerifier())) {
            case RefreshOutcome.Refreshed issued -> store(session, issued.tokens());
            case RefreshOutcome.NeedsReauth refused ->
                    failed(session, CallbackFailure.codeRefused(providerKey, refused.reason()));
            case RefreshOutcome.Misconfigured wrong ->
                    failed(session, CallbackFailure.clientRefused(providerKey, wrong.reason()));
            case RefreshOutcome.RetryLater retry -> failed(session, "timeout".equals(retry.reason().code())
                    ? CallbackFailure.providerTimeout(providerKey)
                    : CallbackFailure.providerUnavailable(providerKey, retry.reason()));
        };
    }

    private CallbackOutcome store(ConnectSession session, TokenSet tokens) {
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
            return connected(session, id, false);
        }
        String id = session.connectionId();
        for (int attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
            Connection current = store.find(id).orElse(null);
            if (current == null) {
                // A new connection under the id the session named, or one deleted while the user was at the
                // provider (the user still wants it): created under that id.
                if (store.create(ConnectionLifecycle.created(id, session.providerKey(), tokens, session.metadata(),
                        now, refreshAt))) {
                    return connected(session, id, false);
                }
                if (store.find(id).isEmpty()) {
                    return providerDeletedMeanwhile(session, id, tokens);
                }
            } else if (!current.providerKey().equals(session.providerKey())) {
                connections.revokeUnstored(session.providerKey(), id, tokens);
                return failed(session, CallbackFailure.connectionTaken(id));
            } else if (store.commit(ConnectionLifecycle.reconnected(current, tokens, now, refreshAt),
                    current.generation(), null)) {
                return connected(session, id, true);
            }
        }
        connections.revokeUnstored(session.providerKey(), id, tokens);
        return failed(session, CallbackFailure.busy(id));
    }

    private CallbackOutcome connected(ConnectSession session, String connectionId, boolean reconnected) {
        sessions.complete(session.id(), connectionId, clock.instant());
        LOG.info("connect_session={} provider={} connection={} event={}", session.id(), session.providerKey(),
                connectionId, reconnected ? "reconnected" : "created");
        return new CallbackOutcome.Connected(connectionId, session.providerKey(), reconnected,
                session.redirectAfter());
    }

    private CallbackOutcome failed(ConnectSession session, CallbackFailure failure) {
        return failed(session, failure, failure.code());
    }

    /** Ends the session as failed with {@code code} and the failure's detail, and says so. */
    private CallbackOutcome failed(ConnectSession session, CallbackFailure failure, String code) {
        sessions.fail(session.id(), new ConnectSessionError(code, failure.detail()), clock.instant());
        LOG.info("connect_session={} provider={} connection={} event=callback_failed code={} status={}", session.id(),
                session.providerKey(), session.connectionId(), code, failure.status());
        return new CallbackOutcome.Failed(failure, code, session.id(), session.redirectAfter());
    }

    private static CallbackOutcome refused(CallbackFailure failure, String sessionId, URI redirectAfter) {
        LOG.info("connect_session={} event=callback_refused code={} status={}", sessionId, failure.code(),
                failure.status());
        return new CallbackOutcome.Failed(failure, failure.code(), sessionId, redirectAfter);
    }
}
