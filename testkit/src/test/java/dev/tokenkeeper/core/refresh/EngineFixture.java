package dev.tokenkeeper.core.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionLifecycle;
import dev.tokenkeeper.core.port.ConnectionStore;
import dev.tokenkeeper.core.port.Lease;
import dev.tokenkeeper.core.port.TokenEndpoint;
import dev.tokenkeeper.core.port.TokenEndpointReply;
import dev.tokenkeeper.core.provider.ClientAuth;
import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.core.token.TokenSet;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import dev.tokenkeeper.memory.InMemoryConnectionStore;
import dev.tokenkeeper.memory.InMemoryProviderDirectory;
import dev.tokenkeeper.memory.InMemoryRefreshLease;
import dev.tokenkeeper.memory.InMemoryRefreshSchedule;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * One "deployment" for engine tests: a fake provider on loopback, in-memory stores shared by any number of engines
 * (as instances share one database), and a provider config pointing at the fake.
 */
final class EngineFixture implements AutoCloseable {
    static final String PROVIDER = "fake";

    final InstantSource clock;
    final FakeProvider provider;
    final InMemoryRefreshLease leases;
    final InMemoryConnectionStore store;
    final InMemoryProviderDirectory providers = new InMemoryProviderDirectory();
    private final List<JdkHttpTokenEndpoint> endpoints = new ArrayList<>();
    private final Random random = new Random(42);

    EngineFixture() {
        this(InstantSource.system());
    }

    EngineFixture(InstantSource clock) {
        this.clock = clock;
        this.provider = FakeProvider.start();
        this.leases = new InMemoryRefreshLease(clock);
        this.store = new InMemoryConnectionStore(leases);
        providers.put(config(b -> b));
    }

    /** The fake's provider config, adjusted by {@code change}. */
    ProviderConfig config(UnaryOperator<ProviderConfig.Builder> change) {
        return change.apply(ProviderConfig.builder(PROVIDER)
                .authorizationUrl(provider.authorizationUrl())
                .tokenUrl(provider.tokenUrl())
                .revocationUrl(provider.revocationUrl())
                .apiBaseUrl(provider.apiBaseUrl())
                .clientId(FakeProvider.DEFAULT_CLIENT_ID)
                .clientSecret(Secret.of(FakeProvider.DEFAULT_CLIENT_SECRET))
                .clientAuth(ClientAuth.CLIENT_SECRET_BASIC)).build();
    }

    /** An engine as one instance would run it; several share this fixture's stores. */
    RefreshEngine engine(String instanceId) {
        return engine(RefreshSettings.defaults(instanceId));
    }

    RefreshEngine engine(RefreshSettings settings) {
        return engine(settings, store);
    }

    /** An engine that reads and writes through {@code view} (e.g. a store that plays a racing read). */
    RefreshEngine engine(RefreshSettings settings, ConnectionStore view) {
        return engine(settings, view, endpoint -> endpoint);
    }

    /** An engine whose token requests go through {@code wrap} of the real endpoint (e.g. a gate that holds them). */
    RefreshEngine engine(String instanceId, UnaryOperator<TokenEndpoint> wrap) {
        return engine(RefreshSettings.defaults(instanceId), store, wrap);
    }

    /** An engine with {@code settings} whose token requests go through {@code wrap} of the real endpoint. */
    RefreshEngine engine(RefreshSettings settings, UnaryOperator<TokenEndpoint> wrap) {
        return engine(settings, store, wrap);
    }

    private RefreshEngine engine(RefreshSettings settings, ConnectionStore view, UnaryOperator<TokenEndpoint> wrap) {
        JdkHttpTokenEndpoint endpoint = new JdkHttpTokenEndpoint(clock);
        endpoints.add(endpoint);
        return new RefreshEngine(view, leases, providers, wrap.apply(endpoint), clock, settings, random);
    }

    /**
     * An engine whose first read of a connection is already stale when it returns: {@code race} runs right after it
     * with the connection's id, as another caller acting between that read and the lease would.
     */
    RefreshEngine engineRacedAfterFirstRead(String instanceId, Consumer<String> race) {
        AtomicBoolean raced = new AtomicBoolean();
        ConnectionStore racingRead = new DelegatingStore(store) {
            @Override
            public Optional<Connection> find(String id) {
                Optional<Connection> read = super.find(id);
                if (raced.compareAndSet(false, true)) {
                    race.accept(id);
                }
                return read;
            }
        };
        return engine(RefreshSettings.defaults(instanceId), racingRead);
    }

    /** Issues a grant at the fake and imports it as connection {@code id}. */
    Imported importGrant(String id) {
        Instant before = clock.instant();
        IssuedGrant grant = provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID, "read");
        TokenSet tokens = new TokenSet(Secret.of(grant.accessToken()), Secret.of(grant.refreshToken()), "Bearer",
                before, before.plus(grant.expiresIn()), List.of("read"), Map.of());
        return new Imported(grant, importTokens(id, tokens));
    }

    /** Imports tokens as a connection. */
    Connection importTokens(String id, TokenSet tokens) {
        return importTokens(id, tokens, null);
    }

    /** Imports tokens as a connection whose proactive refresh is due at {@code nextRefreshAt}. */
    Connection importTokens(String id, TokenSet tokens, Instant nextRefreshAt) {
        var creation = ConnectionLifecycle.created(id, PROVIDER, tokens, Map.of(), clock.instant(), nextRefreshAt);
        if (!store.create(creation)) {
            throw new IllegalStateException("connection exists: " + id);
        }
        return creation.after();
    }

    /** Imports a grant whose access token has already expired, so that the next request must refresh. */
    Imported importExpired(String id) {
        Instant now = clock.instant();
        IssuedGrant grant = provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID, "read");
        TokenSet tokens = new TokenSet(Secret.of("expired-" + grant.accessToken()), Secret.of(grant.refreshToken()),
                "Bearer", now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1)), List.of("read"), Map.of());
        return new Imported(grant, importTokens(id, tokens));
    }

    /** Issues a grant valid for an hour and imports it with its proactive refresh due now. */
    Imported importDue(String id) {
        Instant now = clock.instant();
        IssuedGrant grant = provider.issueGrant(FakeProvider.DEFAULT_CLIENT_ID, "read");
        TokenSet tokens = new TokenSet(Secret.of(grant.accessToken()), Secret.of(grant.refreshToken()), "Bearer",
                now, now.plus(Duration.ofHours(1)), List.of("read"), Map.of());
        return new Imported(grant, importTokens(id, tokens, now));
    }

    /**
     * Plays a holder that took a short lease, marked its attempt as sent, and died; when {@code reachedProvider}
     * the provider did rotate the refresh token, and the answer was lost with the holder (otherwise the holder died
     * between its mark and its request).
     */
    void dieAfterSending(Imported imported, boolean reachedProvider) {
        Lease dead = leases.tryAcquire(imported.id(), "instance-a", Duration.ofMillis(300)).orElseThrow();
        assertThat(leases.markAttemptStarted(dead)).isTrue();
        if (reachedProvider) {
            try (JdkHttpTokenEndpoint endpoint = new JdkHttpTokenEndpoint(clock)) {
                TokenEndpointReply lost = endpoint.exchange(RefreshRequests.refresh(
                        providers.find(PROVIDER).orElseThrow(), imported.connection().tokens().refreshToken()),
                        Duration.ofSeconds(5));
                assertThat(lost).isInstanceOfSatisfying(TokenEndpointReply.HttpReply.class,
                        reply -> assertThat(reply.status()).isEqualTo(200));
            }
        }
    }

    /** The proactive refresh schedule over this fixture's store. */
    InMemoryRefreshSchedule schedule() {
        return new InMemoryRefreshSchedule(store, leases, clock);
    }

    Connection stored(String id) {
        return store.find(id).orElseThrow();
    }

    record Imported(IssuedGrant grant, Connection connection) {
        String id() {
            return connection.id();
        }

        String grantId() {
            return grant.grantId();
        }
    }

    @Override
    public void close() {
        endpoints.forEach(JdkHttpTokenEndpoint::close);
        provider.close();
    }
}
