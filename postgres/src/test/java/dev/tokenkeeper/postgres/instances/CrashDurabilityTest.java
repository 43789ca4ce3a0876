package dev.tokenkeeper.postgres.instances;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.provider.RotationSettings;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.postgres.TestConnections;
import dev.tokenkeeper.postgres.connection.PostgresConnectionStore;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import dev.tokenkeeper.fake.RefreshTokenPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durability of what the provider already rotated: one instance runs the product's embedded PostgreSQL (durable) on
 * a data directory and keeps short-lived rotating grants alive under reuse detection with no grace, while the whole
 * service (the instance's process group and the postmaster's) is killed with SIGKILL now and then, as an OOM kill
 * or a power cut does, and started again on the same directory. A rotated refresh token, or the mark that a refresh
 * was sent, acknowledged and then lost would send an old refresh token again: the provider would revoke the grant.
 *
 * <p>A kill between the attempt mark and the answer's commit leaves a refresh that cannot be resent safely at grace
 * 0: that connection becomes {@code needs_reauth} with {@code refresh_interrupted}, counted and logged apart; it is
 * the product saying so, not a lost write. {@code -Dtokenkeeper.crash.kills=N} (and {@code .connections}) makes a
 * longer run.
 */
class CrashDurabilityTest {
    private static final Logger LOG = LoggerFactory.getLogger(CrashDurabilityTest.class);
    private static final Duration LIFETIME = Duration.ofSeconds(10);
    private static final Duration CALL = Duration.ofSeconds(60);
    private static final Duration SETTLE = Duration.ofSeconds(120);
    private static final String INTERRUPTED = "refresh_interrupted";

    @RegisterExtension
    private final EmbeddedDeployment deployment =
            new EmbeddedDeployment(config -> config.rotation(new RotationSettings(true, Duration.ZERO)));
    private final FakeProvider provider = deployment.provider();

    @Test
    void noGrantIsRevokedByReuse_whenTheWholeServiceIsKilledDuringRefreshesAndRestarted() {
        int connectionCount = Integer.getInteger("tokenkeeper.crash.connections", 50);
        int killCount = Integer.getInteger("tokenkeeper.crash.kills", 4);
        provider.quirks().refreshTokens(RefreshTokenPolicy.ROTATE).reuseDetection(true)
                .reuseGracePeriod(Duration.ZERO).accessTokenLifetime(LIFETIME).tokenLatency(Duration.ofMillis(20));
        Map<String, IssuedGrant> grants = deployment.withStore(store -> TestConnections.importDueOver(provider, store,
                "crash", connectionCount, LIFETIME.dividedBy(2)));
        long started = System.nanoTime();

        Random random = new Random(20261204);
        InstanceProcess instance = start(0);
        for (int kill = 1; kill <= killCount; kill++) {
            long refreshesBefore = provider.refreshCount();
            await().atMost(SETTLE).until(() -> provider.refreshCount() >= refreshesBefore + 3);
            pause(Duration.ofMillis(500 + random.nextInt(2000)));
            // the worst moment: just after the provider rotated a token, while its commit is being acknowledged
            long seen = provider.refreshCount();
            await().pollInterval(Duration.ofMillis(1)).atMost(SETTLE).until(() -> provider.refreshCount() > seen);
            pause(Duration.ofMillis(random.nextInt(40)));
            PowerCut.of(instance, deployment.dataDirectory());
            instance = start(kill);
        }
        Instant lastRestart = Instant.now();
        await().atMost(SETTLE).untilAsserted(() -> {
            Map<String, String> unsettled = deployment.withRunningStore(store -> unsettled(store, grants, lastRestart));
            assertThat(unsettled).as("connections not refreshed since the last restart").isEmpty();
        });
        instance.call("schedule off", CALL);
        instance.close();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        Map<String, String> wrong = new TreeMap<>();
        Map<String, Boolean> interrupted = new TreeMap<>();
        deployment.withStore(store -> {
            grants.forEach((id, grant) -> {
                Connection stored = store.find(id).orElseThrow();
                Secret current = provider.currentRefreshToken(grant.grantId()).map(Secret::of).orElse(null);
                if (isInterrupted(stored)) {
                    interrupted.put(id, !stored.tokens().refreshToken().equals(current));
                } else if (stored.state() != ConnectionState.ACTIVE || !stored.tokens().refreshToken().equals(current)) {
                    wrong.put(id, stored.state().wireName() + (stored.lastError() == null ? ""
                            : " " + stored.lastError().reason().code()) + (current == null ? " grant revoked"
                            : " stored token is the provider's current: " + stored.tokens().refreshToken()
                            .equals(current)));
                }
            });
            return null;
        });
        long interruptedAfterRotation = interrupted.values().stream().filter(rotated -> rotated).count();
        LOG.info("crash durability: {} connections, {} whole-service kills in {} s, {} refresh requests, {} grants"
                + " revoked by reuse, {} connections refresh_interrupted ({} of them after the provider rotated)",
                connectionCount, killCount, took.toSeconds(), provider.refreshCount(), provider.revokedGrants().size(),
                interrupted.size(), interruptedAfterRotation);

        assertThat(provider.revokedGrants()).as("grants revoked by reuse detection").isEmpty();
        assertThat(wrong).as("connections whose stored refresh token is not the provider's current one").isEmpty();
        assertThat(provider.refreshCount()).as("refreshes happened").isGreaterThan(connectionCount);
    }

    /** A deliberate pause (a random moment to kill at), not a wait for something. */
    private static void pause(Duration pause) {
        await().pollDelay(pause).atMost(pause.plusSeconds(1)).until(() -> true);
    }

    private InstanceProcess start(int generation) {
        InstanceProcess instance = deployment.launch("crash-" + generation).awaitReady(InstanceProcess.STARTUP);
        instance.call("schedule on", CALL);
        return instance;
    }

    /** Connections neither refreshed after {@code since} (and healthy) nor given up ({@code needs_reauth}). */
    private static Map<String, String> unsettled(PostgresConnectionStore store,
            Map<String, IssuedGrant> grants, Instant since) {
        Map<String, String> unsettled = new TreeMap<>();
        for (String id : grants.keySet()) {
            Connection stored = store.find(id).orElseThrow();
            boolean refreshed = stored.lastRefreshedAt() != null && stored.lastRefreshedAt().isAfter(since);
            // needs_reauth is final, whatever the reason: the assertions tell an interruption from a revocation
            if (stored.state() != ConnectionState.NEEDS_REAUTH && (!refreshed || stored.consecutiveFailures() > 0)) {
                unsettled.put(id, stored.state().wireName() + " failures=" + stored.consecutiveFailures()
                        + " refreshed=" + refreshed
                        + (stored.lastError() == null ? "" : " last_error=" + stored.lastError().reason().code()));
            }
        }
        return unsettled;
    }

    private static boolean isInterrupted(Connection stored) {
        return stored.state() == ConnectionState.NEEDS_REAUTH && stored.lastError() != null
                && INTERRUPTED.equals(stored.lastError().reason().code());
    }
}
