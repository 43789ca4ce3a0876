package dev.tokenkeeper.postgres.instances;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.provider.ProviderConfig;
import dev.tokenkeeper.core.provider.RotationSettings;
import dev.tokenkeeper.core.refresh.RefreshSettings;
import dev.tokenkeeper.core.refresh.SchedulerSettings;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.postgres.TestCiphers;
import dev.tokenkeeper.postgres.connection.BulkConnectionFill;
import dev.tokenkeeper.postgres.crypto.KeysetFile;
import dev.tokenkeeper.postgres.crypto.TinkTokenCipher;
import dev.tokenkeeper.postgres.TestDatabases;
import dev.tokenkeeper.postgres.embedded.EmbeddedPostgresServer;
import dev.tokenkeeper.postgres.setup.StorageSettings;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.RefreshTokenPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet (opt-in, {@code ./tokenkeeper bench fleet [connections] [seconds]}): one durable embedded PostgreSQL with
 * {@code connections} real connections (tokens encrypted with the deployment's keyset, so the instances decrypt and
 * refresh them), spread over {@value #PROVIDERS} providers whose token lifetimes step evenly from 15 min to 1 h, each
 * connection's next refresh placed uniformly within its refresh interval so the due rate is steady from the start;
 * three instance JVMs (512 MiB heaps) run the proactive scheduler with the product's defaults against a fake provider
 * answering in 50-200 ms. After a warm-up it measures for {@code seconds}: refreshes per second against the due rate,
 * the due-work lag from the database ({@link BacklogWatch}), each instance's heap after GC (its GC log), CPU per
 * process, and PostgreSQL's size; the figures go to {@code postgres/target/fleet-bench.md}.
 */
@EnabledIfSystemProperty(named = FleetTest.CONNECTIONS, matches = "[0-9]+")
class FleetTest {
    static final String CONNECTIONS = "tokenkeeper.fleet.connections";
    private static final Logger LOG = LoggerFactory.getLogger(FleetTest.class);
    private static final int PROVIDERS = 20;
    private static final int INSTANCES = 3;
    private static final Duration SHORTEST = Duration.ofMinutes(15);
    private static final Duration LONGEST = Duration.ofHours(1);
    /** The default expiry policy refreshes between 60 and 180 s before expiry (the lifetimes here are over 6 min). */
    private static final Duration LEAST_MARGIN = Duration.ofSeconds(60);
    private static final Duration MARGIN_SPREAD = Duration.ofSeconds(120);
    private static final Duration GRACE = Duration.ofSeconds(60);
    private static final Duration WARM_UP = Duration.ofSeconds(Integer.getInteger("tokenkeeper.fleet.warmup", 30));
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(30);
    private static final String TOKEN_PREFIX = "rt_fleet_";

    @Test
    void refreshesKeepUpWithTheDueRate_whenTheFleetIsLarge() throws Exception {
        int count = Integer.getInteger(CONNECTIONS);
        Duration measured = Duration.ofSeconds(Integer.getInteger("tokenkeeper.fleet.seconds", 600));
        SchedulerSettings scheduler = new SchedulerSettings(
                Integer.getInteger("tokenkeeper.fleet.max-concurrent", SchedulerSettings.DEFAULT.maxConcurrent()),
                Integer.getInteger("tokenkeeper.fleet.per-provider", SchedulerSettings.DEFAULT.perProvider()),
                SchedulerSettings.DEFAULT.pollInterval(), SchedulerSettings.DEFAULT.idleAfterMiss());
        int poolSize = Integer.getInteger("tokenkeeper.fleet.pool-size", StorageSettings.DEFAULT_POOL_SIZE);
        Path data = Files.createTempDirectory("tokenkeeper-fleet-");
        Path gcLogs = Files.createTempDirectory("tokenkeeper-fleet-gc-");
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.builder(data).start();
                PostgresDatabase database = PostgresDatabase.open(server.location("postgres"), 8);
                FakeProvider provider = FakeProvider.start()) {
            List<ProviderConfig> configs = providers(provider);
            Path keysetFile = TestCiphers.freshKeysetFile();
            Path providersFile = SharedDeployment.writeProviders(configs);
            // The rows fall due from `origin` on; the fill and the instances' start come before it.
            Instant origin = Instant.now().plus(Duration.ofSeconds(20)).plusMillis(count / 15);
            long fillStart = System.nanoTime();
            BulkConnectionFill.fill(database, TinkTokenCipher.open(KeysetFile.at(keysetFile)), count,
                    Runtime.getRuntime().availableProcessors(), i -> row(i, origin));
            Duration fill = Duration.ofNanos(System.nanoTime() - fillStart);
            LOG.info("fleet: {} connections filled in {} s; due from {}", count, fill.toSeconds(), origin);
            RefreshSettings product = RefreshSettings.defaults("any");
            Duration life = Duration.between(Instant.now(), origin).plus(WARM_UP).plus(measured).plusMinutes(10);
            List<String> jvm = List.of("-Xmx512m", "-XX:TieredStopAtLevel=4", "-XX:+ExitOnOutOfMemoryError",
                    "-Xlog:gc:file=" + gcLogs.resolve("gc-%p.log"));
            try (Instances instances = Instances.start(INSTANCES, id -> new InstanceOptions(id,
                    server.jdbcUrl("postgres"), keysetFile, providersFile, product.httpDeadline(), product.leaseTtl(),
                    poolSize, Duration.ofSeconds(120), life, scheduler, jvm))) {
                instances.callEach("schedule on", Duration.ofSeconds(60));
                BacklogWatch backlog = BacklogWatch.start(database);
                FleetProbe probe = new FleetProbe(database, server.dataDirectory(), instances, provider);
                Instant start = later(origin, Instant.now()).plus(WARM_UP);
                progressUntil(start, probe, backlog);
                FleetProbe.Reading first = probe.read();
                progressUntil(start.plus(measured), probe, backlog);
                FleetProbe.Reading last = probe.read();
                backlog.stop();
                List<String> stopped = instances.callEach("schedule off", Duration.ofSeconds(120));
                FleetReport report = new FleetReport(count, measured, fill, dueRate(count), scheduler, poolSize,
                        first, last, backlog.samples().stream().filter(s -> !s.at().isBefore(start)).toList(),
                        probe.heapAfterGc(gcLogs), probe.sizes(), probe.updates(), stopped,
                        provider.revokedGrants().size(), probe.unhealthy());
                String markdown = report.markdown();
                LOG.info("fleet:\n{}", markdown);
                Files.writeString(Path.of("target", "fleet-bench.md"), markdown);
                assertThat(provider.revokedGrants()).as("grants revoked by reuse detection").isEmpty();
                for (int slot = 0; slot < instances.size(); slot++) {
                    assertThat(instances.get(slot).isAlive()).as("instance %d alive (no OutOfMemoryError)", slot)
                            .isTrue();
                }
                assertThat(last.refreshes()).as("refreshes done").isGreaterThan(first.refreshes());
            }
        } finally {
            TestDatabases.deleteQuietly(data);
            TestDatabases.deleteQuietly(gcLogs);
        }
    }

    /** Twenty providers on the one fake, each with its own client and token lifetime, rotating refresh tokens. */
    private static List<ProviderConfig> providers(FakeProvider provider) {
        provider.quirks().refreshTokens(RefreshTokenPolicy.ROTATE).reuseDetection(true).reuseGracePeriod(GRACE)
                .tokenLatencyBetween(Duration.ofMillis(50), Duration.ofMillis(200));
        provider.adoptRefreshTokensWithPrefix(TOKEN_PREFIX);
        List<ProviderConfig> configs = new ArrayList<>();
        for (int k = 0; k < PROVIDERS; k++) {
            String client = "fleet-client-" + k;
            provider.registerClient(client, client + "-secret");
            provider.clientQuirks(client).accessTokenLifetime(lifetime(k));
            configs.add(ProviderConfig.builder("fleet-" + k).tokenUrl(provider.tokenUrl()).clientId(client)
                    .clientSecret(Secret.of(client + "-secret")).rotation(new RotationSettings(true, GRACE)).build());
        }
        return configs;
    }

    /** Provider k's token lifetime: from 15 min (k = 0) to 1 h (the last), in even steps. */
    private static Duration lifetime(int k) {
        return SHORTEST.plus(LONGEST.minus(SHORTEST).multipliedBy(k).dividedBy(PROVIDERS - 1));
    }

    /** Provider k's mean refresh interval: its lifetime less the default policy's mean margin. */
    private static Duration interval(int k) {
        return lifetime(k).minus(LEAST_MARGIN).minus(MARGIN_SPREAD.dividedBy(2));
    }

    /** Refreshes per second in the steady state: each connection once per its provider's mean interval. */
    static double dueRate(int count) {
        double rate = 0;
        for (int k = 0; k < PROVIDERS; k++) {
            long connections = count / PROVIDERS + (k < count % PROVIDERS ? 1 : 0);
            rate += connections / (interval(k).toMillis() / 1000.0);
        }
        return rate;
    }

    /** Connection i: provider i mod 20, its next refresh uniform within its interval from {@code origin}. */
    private static BulkConnectionFill.Row row(int i, Instant origin) {
        int k = i % PROVIDERS;
        SplittableRandom random = new SplittableRandom(20261205L * 31 + i);
        Instant due = origin.plusMillis((long) (random.nextDouble() * interval(k).toMillis()));
        Instant expires = due.plus(LEAST_MARGIN).plusMillis((long) (random.nextDouble() * MARGIN_SPREAD.toMillis()));
        return new BulkConnectionFill.Row(String.format("fleet-%08d", i), "fleet-" + k, "at_fleet_" + i,
                TOKEN_PREFIX + i, expires.minus(lifetime(k)), expires, due);
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** Logs progress every 30 s until {@code until}. */
    private static void progressUntil(Instant until, FleetProbe probe, BacklogWatch backlog) {
        while (Instant.now().isBefore(until)) {
            Duration left = Duration.between(Instant.now(), until);
            Duration step = left.compareTo(PROGRESS_EVERY) < 0 ? left : PROGRESS_EVERY;
            Awaitility.await().pollDelay(step).atMost(step.plusSeconds(5)).until(() -> true);
            List<BacklogWatch.BacklogSample> samples = backlog.samples();
            LOG.info("fleet: {} refreshes so far; lag now {} ms; load {}", probe.read().refreshes(),
                    samples.isEmpty() ? 0 : samples.getLast().oldestWait().toMillis(), FleetProbe.loadAverage());
        }
    }
}
