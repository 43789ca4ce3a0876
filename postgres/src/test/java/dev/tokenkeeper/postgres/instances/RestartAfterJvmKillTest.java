package dev.tokenkeeper.postgres.instances;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.postgres.TestConnections;
import dev.tokenkeeper.postgres.embedded.DataDirectoryInUseException;
import dev.tokenkeeper.postgres.embedded.EmbeddedPostgresServer;
import dev.tokenkeeper.fake.IssuedGrant;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SIGKILL of the JVM alone leaves its embedded postmaster running (pg_ctl starts it in a session of its own); a
 * restart on the same data directory right after must stop that orphan by itself, say so in one line, and come up
 * with the data intact. While the instance lives, its directory stays its own.
 */
class RestartAfterJvmKillTest {
    private static final Duration CALL = Duration.ofSeconds(60);

    @RegisterExtension
    private final EmbeddedDeployment deployment = new EmbeddedDeployment(UnaryOperator.identity());

    @Test
    void start_refusesAndStopsNothing_whenALiveInstanceRunsTheDirectory() {
        InstanceProcess running = deployment.launch("running").awaitReady(InstanceProcess.STARTUP);
        long postmaster = PowerCut.postmasterOf(deployment.dataDirectory()).orElseThrow();

        assertThatThrownBy(() -> EmbeddedPostgresServer.start(deployment.dataDirectory(), 0))
                .isInstanceOf(DataDirectoryInUseException.class);

        assertThat(ProcessHandle.of(postmaster).filter(ProcessHandle::isAlive)).as("its postmaster").isPresent();
        assertThat(running.isAlive()).isTrue();
    }

    @Test
    void restart_stopsTheOrphanedPostmasterAndComesUp_whenOnlyTheJvmWasKilled() {
        Map<String, IssuedGrant> grants = deployment.withStore(store -> TestConnections.importDueOver(
                deployment.provider(), store, "kept", 3, Duration.ofHours(1)));
        InstanceProcess first = deployment.launch("first").awaitReady(InstanceProcess.STARTUP);
        first.call("get kept-0 1", CALL);
        long postmaster = PowerCut.postmasterOf(deployment.dataDirectory()).orElseThrow();

        first.kill();

        assertThat(ProcessHandle.of(postmaster).filter(ProcessHandle::isAlive)).as("the orphaned postmaster")
                .isPresent();
        InstanceProcess second = deployment.launch("second").awaitReady(InstanceProcess.STARTUP);
        second.call("get kept-1 1", CALL);
        assertThat(second.stderrTail().lines().filter(line -> line.contains("stopped the embedded PostgreSQL (pid "
                + postmaster + ")"))).as(second.stderrTail()).hasSize(1);
        assertThat(ProcessHandle.of(postmaster).filter(ProcessHandle::isAlive)).isEmpty();
        second.close();
        deployment.withStore(store -> {
            grants.forEach((id, grant) -> {
                Connection stored = store.find(id).orElseThrow();
                assertThat(stored.tokens().refreshToken()).as(id).isEqualTo(Secret.of(grant.refreshToken()));
            });
            return null;
        });
    }
}
