package dev.tokenkeeper.server.connect;

import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.port.ConnectSession;
import dev.tokenkeeper.core.port.ConnectSessions;
import dev.tokenkeeper.core.port.ConnectionStore;
import dev.tokenkeeper.core.port.ProviderDirectory;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.server.http.ApiProblem;
import dev.tokenkeeper.server.provider.ProviderProblems;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts connect sessions: checks the provider and the connection to reconnect, stores a session with a fresh
 * single-use state and PKCE verifier, and builds the authorize URL. Bad input is an {@link ApiProblem}; nothing is
 * stored then.
 */
final class SessionStarter {
    /** How long a user has from the session's start to the callback. */
    static final Duration SESSION_LIFETIME = Duration.ofMinutes(10);
    /** How long after its expiry a session is kept, so that a late or replayed callback is told what happened. */
    static final Duration KEPT_AFTER_EXPIRY = Duration.ofDays(1);

    private static final Logger LOG = LoggerFactory.getLogger(SessionStarter.class);

    private final ConnectSessions sessions;
    private final ConnectionStore store;
    private final ProviderDirectory providers;
    private final URI callbackUrl;
    private final InstantSource clock;
    private final SecureRandom random;

    SessionStarter(ConnectSessions sessions, ConnectionStore store, ProviderDirectory providers, URI callbackUrl,
            InstantSource clock, SecureRandom random) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.store = Objects.requireNonNull(store, "store");
        this.providers = Objects.requireNonNull(providers, "providers");
        this.callbackUrl = Objects.requireNonNull(callbackUrl, "callbackUrl");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    StartedSession start(ConnectRequest request) {
        ProviderConfig configured = provider(request.providerKey());
        Connection existing = request.connectionId() == null ? null : reconnected(request, configured);
        Map<String, String> settings = settings(configured, existing, request.connectionConfig());
        ProviderConfig provider = ConnectSettings.forAuthorization(configured, settings);
        Instant now = clock.instant();
        Secret state = Pkce.randomSecret(random);
        Secret verifier = provider.pkce() ? Pkce.randomSecret(random) : null;
        ConnectSession session = new ConnectSession(newId(), provider.key(), request.connectionId(), state, verifier,
                request.redirectAfter(), request.metadata(), now, now.plus(SESSION_LIFETIME), settings);
        sessions.purge(now.minus(KEPT_AFTER_EXPIRY));
        sessions.create(session);
        LOG.info("connect_session={} provider={} connection={} event=started", session.id(), provider.key(),
                request.connectionId());
        return new StartedSession(session, AuthorizeUrl.of(provider, callbackUrl, state, verifier,
                request.authorizationParams()));
    }

    private ProviderConfig provider(String providerKey) {
        ProviderConfig provider = providers.find(providerKey).orElseThrow(
                () -> ProviderProblems.notUsable("provider", providerKey));
        if (provider.authorizationUrl() == null) {
            throw ApiProblem.invalidField("provider", "has no authorization_url, so its accounts cannot be connected"
                    + " through the browser; set one, or import tokens with POST /v1/connections");
        }
        return provider;
    }

    /**
     * A {@code connection_id} that names an existing connection makes a reconnect (same provider, its metadata
     * kept); one that names no connection yet is the id the new connection will get.
     */
    private Connection reconnected(ConnectRequest request, ProviderConfig provider) {
        String id = request.connectionId();
        Connection existing = store.find(id).orElse(null);
        if (existing == null) {
            return null;
        }
        if (!existing.providerKey().equals(provider.key())) {
            throw ApiProblem.of(409, "provider_mismatch", "Provider mismatch", "the connection '" + id
                    + "' belongs to the provider '" + existing.providerKey() + "', not '" + provider.key()
                    + "'; a reconnect uses the connection's own provider").with("field", "provider");
        }
        if (!request.metadata().isEmpty()) {
            throw ApiProblem.invalidField("metadata", "is only for a new connection; a reconnect keeps the"
                    + " connection's metadata");
        }
        return existing;
    }

    /**
     * The session's per-connection settings: the values a reconnected connection holds, overlaid with the request's;
     * settings read from the token response are left to it, and defaults stay defaults.
     */
    private static Map<String, String> settings(ProviderConfig provider, Connection existing,
            Map<String, String> requested) {
        Map<String, String> settings = new LinkedHashMap<>();
        if (existing != null) {
            provider.connectionConfig().values().stream().filter(field -> field.fromTokenResponse() == null)
                    .forEach(field -> {
                        if (existing.tokens().raw().get(field.credentialName()) instanceof String value) {
                            settings.put(field.name(), value);
                        }
                    });
        }
        settings.putAll(requested);
        return settings;
    }

    private String newId() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return "cs_" + HexFormat.of().formatHex(bytes);
    }
}
