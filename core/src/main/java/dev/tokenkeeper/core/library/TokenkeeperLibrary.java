package dev.tokenkeeper.core.library;

import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionExistsException;
import dev.tokenkeeper.core.connection.Transition;
import dev.tokenkeeper.core.port.ProviderDirectory;
import dev.tokenkeeper.core.port.TokenEndpoint;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.refresh.JdkHttpTokenEndpoint;
import dev.tokenkeeper.core.refresh.RefreshEngine;
import dev.tokenkeeper.core.refresh.RefreshScheduler;
import dev.tokenkeeper.core.refresh.RefreshSettings;
import dev.tokenkeeper.core.refresh.SchedulerSettings;
import dev.tokenkeeper.core.refresh.TokenAnswer;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.token.TokenSet;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * Tokenkeeper embedded in an application: the {@link RefreshEngine} over a {@link LibraryStorage}, with its providers,
 * the JDK HTTP token endpoint and, unless turned off, the {@link RefreshScheduler} refreshing tokens before they
 * expire. Built by {@link #builder()}; closing it stops the scheduler, the endpoint and the storage.
 */
public final class TokenkeeperLibrary implements AutoCloseable {
    private final LibraryStorage storage;
    private final ProviderDirectory providers;
    private final RefreshEngine engine;
    private final RefreshScheduler scheduler;
    private final AutoCloseable endpoint;
    private final InstantSource clock;

    private TokenkeeperLibrary(Builder builder, ProviderDirectory providers, TokenEndpoint endpoint) {
        this.storage = builder.storage;
        this.providers = providers;
        this.clock = builder.clock;
        this.endpoint = endpoint instanceof AutoCloseable closeable && builder.endpoint == null ? closeable : null;
        this.engine = new RefreshEngine(storage.connections(), storage.leases(), providers, endpoint, clock,
                builder.settings, builder.random);
        this.scheduler = builder.scheduler == null ? null
                : new RefreshScheduler(engine, storage.schedule(), builder.scheduler);
    }

    /** A builder; {@link Builder#storage} is the one setting without a default. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Stores a grant the application holds already as a new active connection, scheduled for its proactive refresh
     * when it has a refresh token.
     *
     * @throws IllegalArgumentException when the id is not a valid connection id or the provider is unknown
     * @throws ConnectionExistsException when a connection with this id exists (an {@link IllegalStateException})
     */
    public Connection importConnection(String connectionId, String providerKey, TokenSet tokens) {
        Objects.requireNonNull(tokens, "tokens");
        requireValidId(connectionId);
        Transition creation = engine.creation(connectionId, provider(providerKey), tokens, Map.of(), clock.instant());
        if (!storage.connections().create(creation)) {
            throw new ConnectionExistsException(connectionId);
        }
        return creation.after();
    }

    private static void requireValidId(String connectionId) {
        if (connectionId == null || !Connection.isValidId(connectionId)) {
            throw new IllegalArgumentException("connectionId must be " + Connection.ID_FORM);
        }
    }

    private ProviderConfig provider(String providerKey) {
        return providers.find(providerKey).orElseThrow(() -> new IllegalArgumentException(
                "no provider '" + providerKey + "': give it to the builder with provider(...)"));
    }

    /**
     * {@link #importConnection(String, String, TokenSet)} for a grant known by its two tokens and how long the access
     * token has left to live ({@code expiresIn} positive; null when unknown).
     */
    public Connection importConnection(String connectionId, String providerKey, Secret accessToken,
            Secret refreshToken, Duration expiresIn) {
        if (expiresIn != null && (expiresIn.isNegative() || expiresIn.isZero())) {
            throw new IllegalArgumentException("expiresIn must be positive (got " + expiresIn + ")");
        }
        Instant now = clock.instant();
        return importConnection(connectionId, providerKey, new TokenSet(accessToken, refreshToken, TokenSet.BEARER,
                now, expiresIn == null ? null : now.plus(expiresIn), List.of(), Map.of()));
    }

    /**
     * Creates a connection of a client-credentials provider (no user, no refresh token: the client's own credentials
     * get every token) by asking for its first token. Answers {@code Fresh} with the stored connection; or, storing
     * nothing, {@code Stale} ({@code misconfigured}: the provider refused the client) or {@code Unavailable} (a
     * retryable failure: ask again at {@code retryAt}). Later tokens come from {@link #freshToken}, one request at a
     * time however many callers ask.
     *
     * @throws IllegalArgumentException when the id is not a valid connection id, or the provider is unknown or not a
     *                                  client-credentials one
     * @throws ConnectionExistsException when a connection with this id exists
     */
    public TokenAnswer connectClientCredentials(String connectionId, String providerKey) {
        requireValidId(connectionId);
        return engine.connectClientCredentials(connectionId, provider(providerKey), Map.of());
    }

    /** A usable access token, or exactly why not: see {@link RefreshEngine#freshToken}. */
    public TokenAnswer freshToken(String connectionId) {
        return engine.freshToken(connectionId);
    }

    /** Refreshes now (single flight): see {@link RefreshEngine#refresh}. */
    public TokenAnswer refresh(String connectionId) {
        return engine.refresh(connectionId);
    }

    /** The stored connection: state, expiry, last error, tokens. */
    public Optional<Connection> find(String connectionId) {
        return storage.connections().find(connectionId);
    }

    /** The engine, for what this class does not wrap. */
    public RefreshEngine engine() {
        return engine;
    }

    /** Whether the proactive refresh runs in the background. */
    public boolean refreshesProactively() {
        return scheduler != null;
    }

    /** Stops the scheduler (its refreshes in flight end first), then the endpoint it built, then the storage. */
    @Override
    public void close() {
        try {
            if (scheduler != null) {
                scheduler.close();
            }
        } finally {
            try {
                if (endpoint != null) {
                    endpoint.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException("closing the token endpoint failed", e);
            } finally {
                storage.close();
            }
        }
    }

    /** Settings with defaults; only the storage must be given. */
    public static final class Builder {
        private LibraryStorage storage;
        private final Map<String, ProviderConfig> providers = new LinkedHashMap<>();
        private ProviderDirectory directory;
        private InstantSource clock = InstantSource.system();
        private RefreshSettings settings = RefreshSettings.defaults("library-" + UUID.randomUUID());
        private SchedulerSettings scheduler = SchedulerSettings.DEFAULT;
        private TokenEndpoint endpoint;
        private RandomGenerator random = new Random();

        private Builder() {
        }

        /** Where connections live: {@code InMemoryStorage.create()} or {@code PostgresLibraryStorage.open(...)}. */
        public Builder storage(LibraryStorage storage) {
            this.storage = Objects.requireNonNull(storage, "storage");
            return this;
        }

        /** Adds a provider (its key names it in {@link #importConnection}); a second one with the same key replaces it. */
        public Builder provider(ProviderConfig provider) {
            Objects.requireNonNull(provider, "provider");
            providers.put(provider.key(), provider);
            return this;
        }

        /** Looks providers up here instead (a PostgreSQL provider directory shared with the service, say). */
        public Builder providers(ProviderDirectory directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /** The clock (default: the system's). */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The engine's settings (default: {@link RefreshSettings#defaults} under a random instance id). */
        public Builder settings(RefreshSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** How the proactive refresh runs (default: {@link SchedulerSettings#DEFAULT}). */
        public Builder proactiveRefresh(SchedulerSettings scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** No refresh in the background: tokens are refreshed when asked for, ahead or once expired. */
        public Builder withoutProactiveRefresh() {
            this.scheduler = null;
            return this;
        }

        /** Another token endpoint (default: a {@link JdkHttpTokenEndpoint}, closed with the library). */
        public Builder endpoint(TokenEndpoint endpoint) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            return this;
        }

        /** The source of jitter (default: a {@link Random}); must be safe for concurrent use. */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /**
         * The library, its scheduler started.
         *
         * @throws IllegalStateException when no storage was given, or providers were given both ways
         */
        public TokenkeeperLibrary build() {
            if (storage == null) {
                throw new IllegalStateException("storage is required: InMemoryStorage.create() (tokenkeeper-memory)"
                        + " or PostgresLibraryStorage.open(...) (tokenkeeper-postgres)");
            }
            if (directory != null && !providers.isEmpty()) {
                throw new IllegalStateException("give providers one by one with provider(...) or as a directory with"
                        + " providers(...), not both");
            }
            Map<String, ProviderConfig> given = Map.copyOf(providers);
            ProviderDirectory lookup = directory != null ? directory : key -> Optional.ofNullable(
                    key == null ? null : given.get(key));
            TokenEndpoint chosen = endpoint != null ? endpoint : new JdkHttpTokenEndpoint(clock);
            TokenkeeperLibrary library = new TokenkeeperLibrary(this, lookup, chosen);
            if (library.scheduler != null) {
                library.scheduler.start();
            }
            return library;
        }
    }
}
