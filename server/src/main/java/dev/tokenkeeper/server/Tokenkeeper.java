package dev.tokenkeeper.server;

import dev.tokenkeeper.core.health.ProviderHealthWatch;
import dev.tokenkeeper.core.port.ApiKeyStore;
import dev.tokenkeeper.core.provider.ProviderCatalog;
import dev.tokenkeeper.core.provider.ProviderUrlPolicy;
import dev.tokenkeeper.core.port.ConnectionStore;
import dev.tokenkeeper.core.refresh.JdkHttpTokenEndpoint;
import dev.tokenkeeper.core.refresh.RefreshEngine;
import dev.tokenkeeper.core.refresh.RefreshScheduler;
import dev.tokenkeeper.core.refresh.RefreshSettings;
import dev.tokenkeeper.postgres.action.PostgresActionStore;
import dev.tokenkeeper.postgres.apikey.PostgresApiKeyStore;
import dev.tokenkeeper.postgres.apikey.PostgresEndedSessions;
import dev.tokenkeeper.postgres.connect.PostgresConnectSessions;
import dev.tokenkeeper.postgres.connect.PostgresReconnectLinkStore;
import dev.tokenkeeper.postgres.connection.PostgresAccountSubjectStore;
import dev.tokenkeeper.postgres.connection.CachedConnectionStore;
import dev.tokenkeeper.postgres.connection.ConnectionCacheSettings;
import dev.tokenkeeper.postgres.connection.PostgresAttemptRetention;
import dev.tokenkeeper.postgres.connection.PostgresConnectionStore;
import dev.tokenkeeper.postgres.health.PostgresProviderHealthLedger;
import dev.tokenkeeper.postgres.lease.PostgresRefreshLease;
import dev.tokenkeeper.postgres.metrics.PostgresDeploymentCounts;
import dev.tokenkeeper.postgres.provider.PostgresProviderDirectory;
import dev.tokenkeeper.postgres.revocation.PostgresPendingRevocations;
import dev.tokenkeeper.postgres.schedule.PostgresRefreshSchedule;
import dev.tokenkeeper.postgres.setup.StorageSettings;
import dev.tokenkeeper.postgres.setup.TokenkeeperStorage;
import dev.tokenkeeper.postgres.webhook.PostgresWebhookStore;
import dev.tokenkeeper.postgres.work.WorkNotices;
import dev.tokenkeeper.server.action.ActionRunner;
import dev.tokenkeeper.server.action.ActionsApi;
import dev.tokenkeeper.server.admin.AdminActions;
import dev.tokenkeeper.server.admin.AdminConnectionActions;
import dev.tokenkeeper.server.admin.AdminConnections;
import dev.tokenkeeper.server.admin.AdminConsole;
import dev.tokenkeeper.server.admin.AdminGate;
import dev.tokenkeeper.server.admin.AdminProviders;
import dev.tokenkeeper.server.admin.AdminSessions;
import dev.tokenkeeper.server.admin.AdminWebhooks;
import dev.tokenkeeper.server.admin.OverviewReader;
import dev.tokenkeeper.server.admin.Pages;
import dev.tokenkeeper.server.auth.AdminKey;
import dev.tokenkeeper.server.auth.KnownKeys;
import dev.tokenkeeper.server.connect.ConnectFlow;
import dev.tokenkeeper.server.connection.AttemptRetentionWorker;
import dev.tokenkeeper.server.connection.ConnectionService;
import dev.tokenkeeper.server.connection.ConnectionsApi;
import dev.tokenkeeper.server.connection.Revocation;
import dev.tokenkeeper.server.connection.RevocationWorker;
import dev.tokenkeeper.server.diagnosis.Diagnosis;
import dev.tokenkeeper.server.http.ApiKeyFilter;
import dev.tokenkeeper.server.http.ConnectionCloseFilter;
import dev.tokenkeeper.server.http.ErrorMapping;
import dev.tokenkeeper.server.http.ProblemDirectHandler;
import dev.tokenkeeper.server.http.RouteTable;
import dev.tokenkeeper.server.ops.ActionGauges;
import dev.tokenkeeper.server.ops.ConnectionGauges;
import dev.tokenkeeper.server.ops.ConnectionCacheMetrics;
import dev.tokenkeeper.server.ops.ObservedConnectionStore;
import dev.tokenkeeper.server.ops.OpenApiDocument;
import dev.tokenkeeper.server.ops.OpsApi;
import dev.tokenkeeper.server.ops.ServiceMetrics;
import dev.tokenkeeper.server.ops.WebhookGauges;
import dev.tokenkeeper.server.provider.ProvidersApi;
import dev.tokenkeeper.server.proxy.ProviderCalls;
import dev.tokenkeeper.server.proxy.ProxyApi;
import dev.tokenkeeper.server.proxy.ProxySettings;
import dev.tokenkeeper.server.webhook.WebhookDeliveriesApi;
import dev.tokenkeeper.server.webhook.WebhookDispatcher;
import dev.tokenkeeper.server.webhook.WebhookEndpointsApi;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Tokenkeeper instance: storage, refresh engine, proactive scheduler and the HTTP API, wired in the one
 * direction HTTP → service → engine → ports → adapters. Closing it stops everything it started, in reverse order.
 */
public final class Tokenkeeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Tokenkeeper.class);
    /** The largest request body the server reads at all (the proxy streams up to it; JSON endpoints stop far earlier). */
    public static final long MAX_PAYLOAD_BYTES = 32L * 1024 * 1024;

    private final Deque<AutoCloseable> opened;
    private final WebServer server;
    private final URI baseUrl;
    private final AdminKey adminKey;
    private final Parts parts;

    /** The wired parts, for the CLI, the demo and tests that look inside. */
    public record Parts(TokenkeeperStorage storage, ConnectionStore store, PostgresProviderDirectory providers,
            ApiKeyStore apiKeys, RefreshEngine engine, RefreshScheduler scheduler, ConnectionService connections,
            ServiceMetrics metrics, ServerSettings settings, ProviderHealthWatch providerHealth) {}

    private Tokenkeeper(Deque<AutoCloseable> opened, WebServer server, URI baseUrl, AdminKey adminKey, Parts parts) {
        this.opened = opened;
        this.server = server;
        this.baseUrl = baseUrl;
        this.adminKey = adminKey;
        this.parts = parts;
    }

    /**
     * Opens the storage, wires the engine, starts the HTTP server and (when {@code schedule}) the proactive refresh
     * scheduler; whatever was started is stopped again when a later step fails.
     */
    public static Tokenkeeper start(ServerSettings settings, StorageSettings storageSettings, boolean schedule) {
        return start(settings, storageSettings, schedule, InstantSource.system());
    }

    /** Starts as {@link #start(ServerSettings, StorageSettings, boolean)} does, on {@code clock} (tests set it). */
    public static Tokenkeeper start(ServerSettings settings, StorageSettings storageSettings, boolean schedule,
            InstantSource clock) {
        Deque<AutoCloseable> opened = new ArrayDeque<>();
        try {
            return start(settings, storageSettings, schedule, clock, opened);
        } catch (RuntimeException | Error e) {
            closeAll(opened, e);
            throw e;
        }
    }

    private static Tokenkeeper start(ServerSettings settings, StorageSettings storageSettings, boolean schedule,
            InstantSource clock, Deque<AutoCloseable> opened) {
        ListenAddress.ensureAvailable(settings); // before the database starts: a taken port stops here, in one line
        // The token path's settings were read (and a bad one refused) with the others, before anything started.
        ConnectionCacheSettings cacheSettings = settings.tokenPath().cache();
        Random random = new Random();
        TokenkeeperStorage storage = push(opened, TokenkeeperStorage.open(storageSettings));
        ServiceMetrics metrics = new ServiceMetrics();
        RefreshSettings refreshSettings = RefreshSettings.defaults(instanceId()).withEscalation(settings.escalation())
                .withRefreshesAhead(settings.tokenPath().refreshesAhead());
        ConnectionStore stored = new PostgresConnectionStore(storage.database(), storage.cipher());
        if (cacheSettings.enabled()) {
            CachedConnectionStore cache = push(opened, CachedConnectionStore.start(stored,
                    storage.database().location(), cacheSettings,
                    copy -> copy.usableAt(refreshSettings.expiryPolicy(), clock.millis()), clock));
            new ConnectionCacheMetrics(cache).register(metrics);
            stored = cache;
        }
        ProviderHealthWatch providerHealth = new ProviderHealthWatch(stored,
                new PostgresProviderHealthLedger(storage.database()), clock,
                ProviderHealthWatch.DEFAULT_REVERIFY_SPACING);
        ConnectionStore store = new ObservedConnectionStore(providerHealth, metrics);
        PostgresProviderDirectory providers = new PostgresProviderDirectory(storage.database(), storage.cipher());
        PostgresApiKeyStore apiKeys = new PostgresApiKeyStore(storage.database());
        AdminKey adminKey = AdminKey.ensure(settings, storageSettings.dataDirectory(), apiKeys, clock);
        PostgresRefreshLease leases = push(opened, new PostgresRefreshLease(storage.database()));
        OwnListeners ownListeners = new OwnListeners(settings);
        ProviderUrlPolicy urlPolicy = new ProviderUrlPolicy(settings.allowPrivateUrls(), ownListeners,
                ProviderUrlPolicy.Resolver.system());
        JdkHttpTokenEndpoint endpoint = push(opened, new JdkHttpTokenEndpoint(clock, urlPolicy));
        Duration refreshFailingAfter = refreshSettings.escalation().refreshFailingAfter();
        RefreshEngine engine = new RefreshEngine(store, leases, providers, endpoint, clock, refreshSettings, random);
        RefreshScheduler scheduler = push(opened, new RefreshScheduler(engine,
                new PostgresRefreshSchedule(storage.database()), settings.tokenPath().scheduler()));
        Revocation revocation = new Revocation(endpoint, refreshSettings.httpDeadline());
        PostgresPendingRevocations pendingRevocations = new PostgresPendingRevocations(storage.database(),
                storage.cipher());
        ConnectionService connections = new ConnectionService(store, providers, engine, revocation,
                pendingRevocations, clock, random);
        RevocationWorker revocations = push(opened, new RevocationWorker(pendingRevocations, providers, revocation,
                clock, refreshSettings.instanceId()));
        PostgresAccountSubjectStore subjects = new PostgresAccountSubjectStore(storage.database());
        ConnectFlow connect = new ConnectFlow(new PostgresConnectSessions(storage.database(), storage.cipher()), store,
                providers, endpoint, connections, settings.callbackUrl(), settings.redirectOrigins(), clock,
                new PostgresReconnectLinkStore(storage.database()), settings.publicUrl(), subjects, urlPolicy);
        opened.push(connect);
        PostgresDeploymentCounts counts = new PostgresDeploymentCounts(storage.database());
        new ConnectionGauges(counts, clock).register(metrics);
        new WebhookGauges(counts, clock).register(metrics);
        metrics.schedulerLag(scheduler::observedLag);
        ProxyApi proxy = push(opened, new ProxyApi(engine, providers, metrics, clock, ProxySettings.DEFAULT,
                urlPolicy));
        Parts parts = new Parts(storage, store, providers, apiKeys, engine, scheduler, connections, metrics, settings,
                providerHealth);

        PostgresWebhookStore webhooks = new PostgresWebhookStore(storage.database(), storage.cipher());
        WebhookDispatcher dispatcher = push(opened, new WebhookDispatcher(webhooks, urlPolicy, clock,
                refreshSettings.instanceId() + "/webhooks", WebhookDispatcher.Settings.defaults(), metrics));
        ProviderCalls providerCalls = push(opened, new ProviderCalls(ProxySettings.DEFAULT, urlPolicy));
        PostgresActionStore actions = new PostgresActionStore(storage.database(), storage.cipher());
        ActionRunner actionRunner = push(opened, new ActionRunner(actions, engine, providers, providerCalls, clock,
                refreshSettings.instanceId() + "/actions", settings.actions(), metrics));
        new ActionGauges(counts, clock).register(metrics);
        AttemptRetentionWorker attemptRetention = push(opened, new AttemptRetentionWorker(
                new PostgresAttemptRetention(storage.database()), AttemptRetentionWorker.DEFAULT_RETENTION, clock));
        metrics.counter("tokenkeeper.refresh.attempts.trimmed", "Refresh attempts deleted from the timeline by this"
                + " instance because they were older than the retention", null, attemptRetention,
                AttemptRetentionWorker::deleted);
        WorkNotices notices = push(opened, WorkNotices.listen(storage.database().location()));
        notices.on(WorkNotices.WEBHOOKS, dispatcher::wake);
        notices.on(WorkNotices.ACTIONS, actionRunner::wake);

        OpenApiDocument openApi = new OpenApiDocument();
        KnownKeys knownKeys = new KnownKeys(apiKeys, clock);
        AdminSessions adminSessions = new AdminSessions(storage.cipher(), apiKeys,
                new PostgresEndedSessions(storage.database()), clock, "https".equals(settings.publicUrl().getScheme()));
        Pages pages = new Pages();
        Diagnosis diagnosis = push(opened, new Diagnosis(connections, providers, engine, clock, urlPolicy,
                refreshFailingAfter));
        AdminConnections adminConnections = new AdminConnections(connections, pages, clock, refreshFailingAfter);
        WebhookDeliveriesApi webhookDeliveries = new WebhookDeliveriesApi(webhooks, clock, dispatcher::wake);
        ActionsApi actionsApi = new ActionsApi(actions, store, providers, clock, providerCalls.maxBodyBytes(),
                actionRunner::wake);
        ProvidersApi providersApi = new ProvidersApi(providers, ProviderCatalog.builtIn(), urlPolicy, providerHealth);
        HttpRouting.Builder routing = HttpRouting.builder()
                .addFilter(new ConnectionCloseFilter())
                .addFilter(new ApiKeyFilter(knownKeys, new AdminGate(adminSessions, pages)))
                .register("/v1/providers", providersApi)
                .register(connect.reconnectLinks())
                .register("/v1/connections", new ConnectionsApi(connections, diagnosis, clock, refreshFailingAfter,
                        subjects, providers))
                .register(ConnectFlow.SESSIONS_PATH, connect.sessionsApi())
                .register(ConnectFlow.CALLBACK_PATH, connect.callback())
                .register(ProxyApi.PATH, proxy)
                .register(WebhookEndpointsApi.PATH, new WebhookEndpointsApi(webhooks, urlPolicy, clock,
                        dispatcher::wake))
                .register(WebhookDeliveriesApi.PATH, webhookDeliveries)
                .register(ActionsApi.PATH, actionsApi)
                .register(new OpsApi(storage.database(), metrics))
                .register(new AdminConsole(adminSessions, pages, knownKeys,
                        new OverviewReader(counts, providers::list, providerHealth, clock), metrics))
                .register(adminConnections)
                .register(new AdminConnectionActions(connections, diagnosis, adminConnections, pages,
                        connect::issueReconnectLink))
                .register(new AdminWebhooks(webhooks, webhookDeliveries, pages))
                .register(new AdminActions(actions, actionsApi, pages))
                .register(new AdminProviders(providersApi, pages))
                .register(openApi)
                .any(ErrorMapping.noRoute(RouteTable.fromOpenApi(openApi.bytes())));
        ErrorMapping.register(routing);
        WebServer server = WebServer.builder()
                .host(settings.bind())
                .port(settings.port())
                .maxPayloadSize(MAX_PAYLOAD_BYTES)
                .directHandlers(ProblemDirectHandler.all())
                // Streamed answers (the proxy) are written in parts; without TCP_NODELAY, Nagle's algorithm and the
                // client's delayed ACK add ~40 ms to each of them.
                .connectionOptions(options -> options.tcpNoDelay(true))
                .shutdownHook(false)
                .routing(routing)
                .build()
                .start();
        opened.push(server::stop);
        if (server.port() < 0) { // taken since the check: Helidon logged why and runs no listener; stop it all
            throw ListenAddress.unavailable(settings, null);
        }
        ownListeners.listening(server.port());
        if (schedule) {
            scheduler.start();
        }
        revocations.start();
        dispatcher.start();
        actionRunner.start();
        attemptRetention.start();
        URI baseUrl = URI.create("http://" + hostForUrl(settings.bind()) + ":" + server.port());
        LOG.debug("listening on {} (storage: {}; admin API key in {}){}", baseUrl, storage.description(),
                adminKey.source(), schedule ? "; proactive refresh on" : "");
        return new Tokenkeeper(opened, server, baseUrl, adminKey, parts);
    }

    /** Where the HTTP API answers, e.g. {@code http://127.0.0.1:7780}. */
    public URI baseUrl() {
        return baseUrl;
    }

    public int port() {
        return server.port();
    }

    public AdminKey adminKey() {
        return adminKey;
    }

    public Parts parts() {
        return parts;
    }

    @Override
    public void close() {
        closeAll(opened, null);
    }

    private static <T extends AutoCloseable> T push(Deque<AutoCloseable> opened, T closeable) {
        opened.push(closeable);
        return closeable;
    }

    private static void closeAll(Deque<AutoCloseable> opened, Throwable failure) {
        RuntimeException first = null;
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                if (failure != null) {
                    failure.addSuppressed(e);
                } else if (first == null) {
                    first = new IllegalStateException("stopping Tokenkeeper failed", e);
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static String hostForUrl(String bind) {
        if (bind.equals("0.0.0.0") || bind.equals("::")) {
            return "127.0.0.1";
        }
        return bind.contains(":") ? "[" + bind + "]" : bind;
    }

    private static String instanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

}
