package dev.tokenkeeper.fake;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real OAuth 2.0 authorization server and resource API on a random loopback port, with switchable quirks.
 *
 * <p>Endpoints: {@code GET /oauth/authorize} (authorization code with PKCE S256, auto-approved, {@code login_hint}
 * picks the subject; or a sign-in page posting back to {@code POST /oauth/authorize}, see {@link #signInPage}), {@code POST /oauth/token} ({@code refresh_token} and {@code authorization_code} grants,
 * client authentication by HTTP Basic or form body), {@code POST /oauth/revoke} (RFC 7009), {@code POST
 * /oauth/introspect} (RFC 7662, from the real token state; {@link #introspection(boolean)} switches it off),
 * {@code GET /me} ({@code {"grant_id","sub","scope"}}), {@code ANY /echo/**} (echoes method, path, query, headers other than
 * {@code Authorization}, body and grant id), {@code ANY /writes/**} (logged in arrival order, see {@link #writes()}),
 * {@code ANY /respond} (answers the status, headers, body and delay its
 * query asks for) and {@code GET /stream?bytes=N} (a chunked answer of N bytes that {@link #pauseStreamsAfter} can
 * hold), all behind a Bearer access token.
 *
 * <p>A grant is one client's authorization by one subject. Every code exchange issues a new refresh token: on a new
 * grant, or on the client's live grant of the same subject when {@code login_hint} names one (as Google does), so
 * a grant can hold several live refresh tokens. Access tokens stay valid until they expire (on the given clock)
 * or their grant is revoked. Quirks are set through {@link #quirks()}, {@link #clientQuirks} and
 * {@link #grantQuirks}; see {@link QuirkScope}. Everything is thread-safe; token values are never logged.
 */
public final class FakeProvider implements AutoCloseable {
    public static final String DEFAULT_CLIENT_ID = "tokenkeeper-test-client";
    public static final String DEFAULT_CLIENT_SECRET = "tokenkeeper-test-secret";
    /** How long an authorization code can be exchanged. */
    public static final Duration CODE_LIFETIME = CodeFlow.CODE_LIFETIME;
    /** How many token requests {@link #history()} keeps (the oldest are dropped; counters count all). */
    public static final int HISTORY_CAPACITY = Observations.HISTORY_CAPACITY;
    private static final int MAX_SIGN_IN_FORM_BYTES = 64 * 1024;

    private final InstantSource clock;
    private final Clients clients = new Clients();
    private final QuirkScopes quirks = new QuirkScopes();
    private final Observations observations = new Observations();
    private final Pauses pauses = new Pauses();
    private final StreamGate streams = new StreamGate();
    private final GrantRegistry registry;
    private final ResourceHandler resource;
    private final HttpServer server;
    private final ExecutorService executor;
    private final URI base;
    private final AtomicBoolean closed = new AtomicBoolean();
    private IntrospectionHandler introspection;
    private WriteLog writes;
    private CodeFlow codeFlow;

    /**
     * The JDK server closes a connection that goes idle while it already keeps this many idle ones (default 200),
     * silently and right after its response; a client that sends its next request at once on that pooled connection
     * gets no answer, which for a refresh is a lost answer (a rotating provider's grant may then need a reconnect).
     * Providers behind real servers close idle connections after a timeout, or say {@code Connection: close}; so the
     * fake keeps idle connections unless the JVM's setting says otherwise, read once when the first server starts.
     */
    private static final String MAX_IDLE_CONNECTIONS = "sun.net.httpserver.maxIdleConnections";

    static {
        if (System.getProperty(MAX_IDLE_CONNECTIONS) == null) {
            System.setProperty(MAX_IDLE_CONNECTIONS, "100000");
        }
    }

    private FakeProvider(InstantSource clock) throws IOException {
        this.clock = clock;
        this.registry = new GrantRegistry(clock);
        this.resource = new ResourceHandler(registry, quirks, clock);
        this.executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("fake-provider-", 0).factory());
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        this.server.setExecutor(executor);
        this.base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        clients.register(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET);
        routes();
    }

    /** Starts a provider on the system clock. */
    public static FakeProvider start() {
        return start(InstantSource.system());
    }

    /** Starts a provider whose tokens and codes expire on {@code clock} (latency and hangs use real time). */
    public static FakeProvider start(InstantSource clock) {
        try {
            FakeProvider provider = new FakeProvider(clock);
            provider.server.start();
            return provider;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on loopback", e);
        }
    }

    private void routes() {
        CodeFlow codeFlow = new CodeFlow(registry, clients, quirks, clock);
        TokenGrants grants = new TokenGrants(clients, quirks, new RefreshFlow(registry, quirks, clock), codeFlow,
                new ClientCredentialsFlow(registry, quirks));
        TokenHandler token = new TokenHandler(registry, quirks, grants, observations, pauses, clock);
        RevokeHandler revoke = new RevokeHandler(registry, clients, grants, quirks, clock);
        ScriptedResource scripted = new ScriptedResource(resource, pauses, streams);
        introspection = new IntrospectionHandler(registry, clients, grants, quirks, clock);
        server.createContext("/oauth/introspect", new Route("/oauth/introspect", false, Set.of("POST"),
                introspection));
        server.createContext("/oauth/token", new Route("/oauth/token", false, Set.of("POST"), token));
        server.createContext("/oauth/revoke", new Route("/oauth/revoke", false, Set.of("POST"), revoke));
        this.codeFlow = codeFlow;
        server.createContext("/oauth/authorize", new Route("/oauth/authorize", false, Set.of("GET", "POST"),
                exchange -> "POST".equals(exchange.getRequestMethod())
                        ? codeFlow.signedIn(Form.parse(new String(exchange.getRequestBody()
                                .readNBytes(MAX_SIGN_IN_FORM_BYTES), StandardCharsets.UTF_8)))
                        : codeFlow.authorize(Form.parse(exchange.getRequestURI().getRawQuery()))));
        server.createContext("/me", new Route("/me", false, Set.of("GET"), resource::me));
        server.createContext("/echo", new Route("/echo", true, Set.of(), resource::echo));
        writes = new WriteLog(resource, registry, pauses, clock);
        server.createContext("/writes", new Route("/writes", true, Set.of(), writes::write));
        server.createContext("/respond", new Route("/respond", false, Set.of(), scripted::respond));
        server.createContext("/stream", new Route("/stream", false, Set.of("GET"), scripted::stream));
    }

    public URI tokenUrl() {
        return base.resolve("/oauth/token");
    }

    public URI authorizationUrl() {
        return base.resolve("/oauth/authorize");
    }

    public URI revocationUrl() {
        return base.resolve("/oauth/revoke");
    }

    /** The RFC 7662 token introspection endpoint (on unless {@link #introspection(boolean)} switched it off). */
    public URI introspectionUrl() {
        return base.resolve("/oauth/introspect");
    }

    /**
     * Switches the sign-in page on or off (the default). On, {@code GET /oauth/authorize} answers a page where the user
     * types a username (the grant's subject, prefilled from {@code login_hint}) and presses "Sign in and allow" or
     * "Deny", as a real provider's login and consent; off, it approves at once for {@code login_hint}'s subject.
     */
    public void signInPage(boolean on) {
        codeFlow.signInPage(on);
    }

    /** Switches the introspection endpoint on (the default) or off; off, it answers 404 as if it did not exist. */
    public void introspection(boolean on) {
        introspection.enable(on);
    }

    /** Requests received by the introspection endpoint, also while it was switched off. */
    public long introspectionCount() {
        return introspection.requests();
    }

    /** The base of the resource API: {@code /me} and {@code /echo/**} resolve against it. */
    public URI apiBaseUrl() {
        return base;
    }

    public int port() {
        return base.getPort();
    }

    /** Registers (or re-registers with a new secret) a confidential client. */
    public void registerClient(String clientId, String clientSecret) {
        clients.register(clientId, clientSecret);
    }

    /**
     * Takes any refresh token starting with {@code prefix} that it did not issue as the live refresh token of a new
     * grant of the client presenting it, made at its first refresh (rotation and reuse rules then apply as usual):
     * a million connections need no million grants issued up front.
     */
    public void adoptRefreshTokensWithPrefix(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            throw new IllegalArgumentException("prefix must not be empty");
        }
        registry.adoptRefreshTokensWithPrefix(prefix);
    }

    /** Mints a new grant for a new subject with one access and one refresh token, as if imported. */
    public IssuedGrant issueGrant(String clientId, String... scopes) {
        if (!clients.exists(clientId)) {
            throw new IllegalArgumentException("unknown client " + clientId);
        }
        Grant grant = registry.create(clientId, Set.of(scopes));
        Duration lifetime = quirks.resolve(Quirk.ACCESS_TOKEN_LIFETIME, clientId, grant.id());
        grant.lock().lock();
        try {
            String refreshToken = registry.mintRefreshToken(grant, Integer.MAX_VALUE);
            String scope = String.join(" ", new TreeSet<>(grant.scopes()));
            AccessToken accessToken = registry.mintAccessToken(grant, lifetime, scope);
            return new IssuedGrant(grant.id(), clientId, grant.subject(), grant.scopes(), accessToken.value(),
                    refreshToken, lifetime);
        } finally {
            grant.lock().unlock();
        }
    }

    /**
     * Makes every access token of the grant expire now, as a provider that invalidates tokens early would (a password
     * change, a key rotation); the grant and its refresh tokens stay valid, and the grant's quirks still apply.
     */
    public void expireAccessTokens(String grantId) {
        registry.expireAccessTokens(grant(grantId));
    }

    /** Revokes a grant and all its tokens, as a user disconnecting the app would ({@code REVOKED_BY_TEST}). */
    public void revokeGrant(String grantId) {
        registry.revoke(grant(grantId), RevocationReason.REVOKED_BY_TEST);
    }

    /** The provider-wide quirks, the least specific scope. */
    public QuirkScope quirks() {
        return quirks.global();
    }

    /** The quirks of one registered client; they win over the provider-wide ones. */
    public QuirkScope clientQuirks(String clientId) {
        if (!clients.exists(clientId)) {
            throw new IllegalArgumentException("unknown client " + clientId);
        }
        return quirks.client(clientId);
    }

    /** The quirks of one grant; they win over its client's and the provider-wide ones. */
    public QuirkScope grantQuirks(String grantId) {
        return quirks.grant(grant(grantId).id());
    }

    /** Clears the quirks and pending injections of every scope. */
    public void resetQuirks() {
        quirks.clearAll();
    }

    /** Requests received by the token endpoint, whatever their outcome. */
    public long tokenRequestCount() {
        return observations.tokenRequests();
    }

    /** Token requests with {@code grant_type=refresh_token}, whatever their outcome. */
    public long refreshCount() {
        return observations.refreshes();
    }

    /** Refresh requests whose refresh token belonged to this grant (at the time of the request). */
    public long refreshCount(String grantId) {
        return observations.refreshes(grantId);
    }

    /** Every token request so far in arrival order (at most {@link #HISTORY_CAPACITY}). */
    public List<TokenRequestRecord> history() {
        return observations.history();
    }

    /** The token requests about one grant, in arrival order. */
    public List<TokenRequestRecord> history(String grantId) {
        return history().stream().filter(request -> grantId.equals(request.grantId())).toList();
    }

    /** Clears the counters and the history (not grants, tokens or quirks). */
    public void resetObservations() {
        observations.reset();
    }

    /** Every whole-grant revocation so far, in order. */
    public List<GrantRevocation> revokedGrants() {
        return registry.revocations();
    }

    public boolean anyGrantRevoked() {
        return !registry.revocations().isEmpty();
    }

    /** The grant's revocation, if it was revoked. */
    public Optional<GrantRevocation> revocationOf(String grantId) {
        return Optional.ofNullable(grant(grantId).revocation());
    }

    /** The grant's newest live refresh token; empty once revoked. */
    public Optional<String> currentRefreshToken(String grantId) {
        Grant grant = grant(grantId);
        grant.lock().lock();
        try {
            return Optional.ofNullable(grant.currentRefreshToken());
        } finally {
            grant.lock().unlock();
        }
    }

    /** The grant's newest access token if it is still valid. */
    public Optional<String> currentAccessToken(String grantId) {
        Grant grant = grant(grantId);
        grant.lock().lock();
        try {
            return Optional.ofNullable(grant.currentAccessToken(clock.instant())).map(AccessToken::value);
        } finally {
            grant.lock().unlock();
        }
    }

    /** Requests received by the resource API ({@code /me}, {@code /echo}, {@code /respond}, {@code /stream}). */
    public long resourceRequestCount() {
        return resource.requests();
    }

    /**
     * Every request to {@code ANY /writes/**} so far, in arrival order, accepted or refused: its grant, the string
     * {@code action} field of its JSON body (the marker), and whether it took effect.
     */
    public List<ResourceWrite> writes() {
        return writes.writes();
    }

    /** The {@code /writes} requests received and not answered yet (held, see {@link #holdWrites()}). */
    public List<ResourceWrite> unansweredWrites() {
        return writes.unanswered();
    }

    /** {@code /writes} requests arriving from now on are logged, then wait unanswered until released. */
    public void holdWrites() {
        writes.hold();
    }

    /** Answers the {@code /writes} requests waiting now; later ones are held again. */
    public void releaseHeldWrites() {
        writes.release(true);
    }

    /** Answers the {@code /writes} requests waiting now, and later ones at once. */
    public void stopHoldingWrites() {
        writes.release(false);
    }

    /** {@code /stream} answers started from now on hold after {@code bytes} bytes until {@link #resumeStreams()}. */
    public void pauseStreamsAfter(long bytes) {
        streams.pauseAfter(bytes);
    }

    /** Lets held {@code /stream} answers go on to their end, and later ones run without holding. */
    public void resumeStreams() {
        streams.resume();
    }

    /** {@code /stream} answers holding right now. */
    public int pausedStreams() {
        return streams.waiting();
    }

    /** The byte at {@code offset} of every {@code /stream} answer: {@code a} to {@code z}, repeated. */
    public static byte streamedByte(long offset) {
        return (byte) ('a' + offset % 26);
    }

    /** Token requests hanging right now because of a hang injection. */
    public int hangingTokenRequests() {
        return pauses.hanging();
    }

    /** Stops at once: hanging and delayed requests are dropped, open connections closed. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            pauses.closeAll();
            streams.close();
            server.stop(0);
            executor.shutdownNow();
        }
    }

    private Grant grant(String grantId) {
        Grant grant = registry.byId(grantId);
        if (grant == null) {
            throw new IllegalArgumentException("unknown grant " + grantId);
        }
        return grant;
    }
}
