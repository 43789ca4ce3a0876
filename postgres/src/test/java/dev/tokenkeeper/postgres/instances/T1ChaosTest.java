package dev.tokenkeeper.postgres.instances;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.provider.RotationSettings;
import dev.tokenkeeper.postgres.ExpiryWatch;
import dev.tokenkeeper.postgres.PostgresDatabase;
import dev.tokenkeeper.postgres.TestConnections;
import dev.tokenkeeper.postgres.instances.T1Disruptions.Disruption;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import dev.tokenkeeper.fake.RefreshTokenPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * T1, chaos that holds under load (opt-in: {@code ./tokenkeeper chaos t1 [grace] [seconds] [connections]}): three
 * instance JVMs on one PostgreSQL of the test's own keep a thousand rotating grants of 20 s tokens alive (each
 * refreshed every 10 s, so 480 s make about 48,000 refreshes) while {@link T1Disruptions} kills, freezes, cuts
 * PostgreSQL off and restarts it, and the provider answers 503, hangs and drops connections.
 *
 * <p>With a reuse grace period (30 s by default) no grant may be lost. Without one (grace 0, provider config and
 * fake provider alike) a refresh interrupted after it was sent cannot be retried safely, so a grant may be lost,
 * but only surfaced as {@code needs_reauth} with cause {@code refresh_interrupted}, within {@link #SURFACED_WITHIN}
 * of the provider's last accepted refresh of it. At both, no token may expire while its connection had no failure
 * unless the measured due-work lag excuses it ({@link LagVerdict}). A Markdown row of the figures goes to the log and
 * to {@code target/t1-chaos.md}.
 */
@EnabledIfSystemProperty(named = "tokenkeeper.t1.seconds", matches = "\\d+")
class T1ChaosTest {
    private static final Logger LOG = LoggerFactory.getLogger(T1ChaosTest.class);
    private static final Duration LIFETIME = Duration.ofSeconds(20);
    private static final Duration SURFACED_WITHIN = Duration.ofSeconds(60);
    private static final Duration SETTLE = Duration.ofSeconds(120);
    /** The full run's goal: 20,000 refreshes in 480 s over 1,000 connections; smaller runs are held to its rate. */
    private static final long GOAL_REFRESHES = 20_000;
    /** How long before a token's due time a disruption may still have left the lag that excuses it. */
    private static final Duration REACH = Duration.ofSeconds(30);
    private static final String HEADER = "| command | connections | grace | chaos | kills | SIGSTOP | PostgreSQL"
            + " restart | backends terminated | refresh requests | sent again within grace | revoked | lost silently"
            + " or another cause | surfaced as refresh_interrupted (longest delay) | expired while healthy (excused)"
            + " | due-work lag p99 / max | result |\n" + "|---".repeat(16) + "|\n";
    private static final Path ROW = Path.of("target", "t1-chaos.md");

    private final Duration grace = Duration.ofSeconds(Integer.getInteger("tokenkeeper.t1.grace", 30));
    private final int seconds = Integer.getInteger("tokenkeeper.t1.seconds", 480);
    private final int connectionCount = Integer.getInteger("tokenkeeper.t1.connections", 1000);
    private final RestartablePostgres postgres = RestartablePostgres.start();
    private final SharedDeployment deployment = new SharedDeployment(
            PostgresDatabase.open(postgres.jdbcUrl(), 8), config -> config.rotation(new RotationSettings(true, grace)));
    private final FakeProvider provider = deployment.provider();

    @AfterEach
    void stop() throws IOException {
        try (postgres) {
            deployment.close();
        }
    }

    @Test
    void grantsHoldOrSurfaceAsInterrupted_whenInstancesDiePauseAndPostgresRestartsUnderLoad() throws Exception {
        long started = System.nanoTime();
        Duration chaos = Duration.ofSeconds(seconds);
        provider.quirks().refreshTokens(RefreshTokenPolicy.ROTATE).reuseDetection(true).reuseGracePeriod(grace)
                .accessTokenLifetime(LIFETIME).tokenLatency(Duration.ofMillis(20));
        Instances instances = deployment.startInstances(3,
                options -> options.withMaxLifetime(chaos.plus(Duration.ofMinutes(10))));
        instances.callEach("schedule on", Duration.ofSeconds(30));
        BacklogWatch backlog = BacklogWatch.start(deployment.database());
        Map<String, IssuedGrant> grants = TestConnections.importDueOver(provider, deployment.store(), "t1",
                connectionCount, LIFETIME.dividedBy(2));
        ExpiryWatch watch = ExpiryWatch.start(deployment.store(), grants.keySet());
        T1Disruptions disruptions = new T1Disruptions(instances, provider, postgres, 20261205L);
        ConditionTimeoutException unsettled = null;
        try {
            disruptions.run(chaos);
            await().atMost(SETTLE).untilAsserted(() -> assertThat(ChaosChecks.unhealthy(deployment.store(),
                    grants.keySet(), ConnectionState.NEEDS_REAUTH)).as("connections still unsettled after the chaos")
                    .isEmpty());
        } catch (ConditionTimeoutException e) {
            unsettled = e; // reported below, after the figures that may explain it
        } finally {
            watch.stop();
            backlog.stop();
        }
        List<String> stuck = disruptions.stuckSinceRestart();
        List<String> lastLags = instances.callEach("schedule off", Duration.ofSeconds(60));
        List<TimedLine> warnings = instances.lagLines().stream()
                .filter(line -> line.line().contains(ChaosChecks.RISING_LAG_LINE)).toList();
        LagVerdict verdict = LagVerdict.judge(watch.expiredWhileHealthy(), backlog.samples(), warnings,
                deployment.options("any").httpDeadline().plus(ChaosChecks.COMMIT_ALLOWANCE),
                ChaosChecks.promisedMargin(LIFETIME));
        LossAudit audit = LossAudit.of(deployment.store(), provider, grants);
        long refreshes = provider.refreshCount();
        long goal = GOAL_REFRESHES * seconds / 480 * connectionCount / 1000;
        String row = row(disruptions, audit, verdict, backlog, refreshes,
                Duration.ofNanos(System.nanoTime() - started), unsettled == null);
        LOG.info("t1 chaos: disruptions {}; lag warnings {}; instances at the end {}; excused {} ({}); unexcused {};"
                + " wrong ends {}; refresh_interrupted delays (ms) {}; quarantined refreshes (stale writes refused by"
                + " the fence) {}; instances through the PostgreSQL restart {}, claiming nothing since {}; unreadable"
                + " passes of the watchers {}/{}\n{}", disruptions.log(),
                warnings.stream().map(line -> line.instanceId() + ": " + line.line()).toList(), lastLags,
                verdict.excused(), excuses(verdict, watch.expiredWhileHealthy(), disruptions.log()), verdict.unexcused(), audit.wrong(),
                audit.delays().stream().map(Duration::toMillis).toList(), quarantined(),
                disruptions.ranThroughRestart(), stuck,
                watch.unreadablePasses(), backlog.unreadableSamples(), row);
        Files.writeString(ROW, HEADER + row + "\n");

        if (unsettled != null) {
            throw unsettled;
        }
        assertThat(stuck).as("instances that ran through the PostgreSQL restart and claimed nothing after it (of %d)",
                disruptions.ranThroughRestart()).isEmpty();
        assertThat(disruptions.kills()).as("instances killed").isGreaterThanOrEqualTo(seconds / 15 - 1);
        assertThat(refreshes).as("refreshes (the full run's rate: 20,000 in 480 s over 1,000 connections)")
                .isGreaterThanOrEqualTo(goal);
        assertThat(provider.revokedGrants()).as("grants revoked by reuse detection").isEmpty();
        assertThat(audit.wrong()).as("connections lost silently, or ended with another cause").isEmpty();
        if (!grace.isZero()) {
            assertThat(audit.surfaced()).as("grants lost although the grace period covered a resend").isEmpty();
        }
        assertThat(audit.surfacedLaterThan(SURFACED_WITHIN)).as("losses surfaced later than %s after the provider's"
                + " last accepted refresh", SURFACED_WITHIN).isEmpty();
        assertThat(verdict.unexcused()).as("connections whose stored token expired with no failure recorded, while"
                + " the deployment's measured due-work lag did not explain it").isEmpty();
    }

    /** The figures as a row of the T1 table in BENCHMARKS.md. */
    private String row(T1Disruptions disruptions, LossAudit audit, LagVerdict verdict, BacklogWatch backlog,
            long refreshes, Duration wall, boolean settled) {
        return String.format("| `./tokenkeeper chaos t1 %d %d %d` | %d | %d s | %d s | %d | %d s | %d s down | %d"
                + " | %,d | %d | %d | %d | %d (longest %d ms) | %d (excused %d) | %d / %d ms | %s (%d s wall) |",
                grace.toSeconds(), seconds, connectionCount, connectionCount, grace.toSeconds(), seconds,
                disruptions.kills(), disruptions.frozenFor().toSeconds(), disruptions.postgresDownFor().toSeconds(),
                disruptions.terminatedBackends(), refreshes, ChaosChecks.resentWithinGrace(provider),
                provider.revokedGrants().size(), audit.wrong().size(), audit.surfaced().size(),
                audit.longestDelay().toMillis(), verdict.excused().size() + verdict.unexcused().size(),
                verdict.excused().size(), backlog.lagPercentile99().toMillis(), backlog.maxLag().toMillis(),
                settled ? "ran" : "unsettled", wall.toSeconds());
    }

    /** For each excused connection, the disruptions that overlapped its margin: why the lag was there. */
    private static Map<String, String> excuses(LagVerdict verdict, Map<String, ExpiryWatch.Expired> expired,
            List<Disruption> log) {
        Map<String, String> why = new TreeMap<>();
        verdict.excused().forEach((id, numbers) -> {
            ExpiryWatch.Expired token = expired.get(id);
            Instant from = token.dueAt().minus(REACH);
            why.put(id, numbers + "; during: " + log.stream()
                    .filter(d -> !d.to().isBefore(from) && !d.from().isAfter(token.expiresAt()))
                    .map(Disruption::what).toList());
        });
        return why;
    }

    private long quarantined() {
        return deployment.database().withConnection(db -> {
            try (var count = db.createStatement().executeQuery("select count(*) from quarantined_refreshes")) {
                count.next();
                return count.getLong(1);
            }
        });
    }
}
