package dev.tokenkeeper.postgres.instances;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkeeper.postgres.TestConnections;
import dev.tokenkeeper.postgres.instances.GetSummary.Kind;
import dev.tokenkeeper.fake.IssuedGrant;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The instance processes' harness: commands, SIGKILL, replacement, and how a dead child is reported. */
class InstanceProcessTest {
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(90);

    @RegisterExtension
    private final SharedDeployment deployment = new SharedDeployment();

    @Test
    void kill_changesNoRowAndTheOthersKeepServing_whenAnIdleInstanceIsKilled() {
        IssuedGrant grant = TestConnections.importExpired(deployment.provider(), deployment.store(), "mp-idle");
        Instances instances = deployment.startInstances(3);
        String served = servedFingerprint(instances.callEach("get mp-idle 10", ANSWER_TIMEOUT));
        String rowBefore = leaseAndVersion("mp-idle");

        int status = instances.kill(1);

        assertThat(status).as("SIGKILL is signal 9: 128 + 9").isEqualTo(137);
        assertThat(instances.get(1).isAlive()).isFalse();
        assertThat(leaseAndVersion("mp-idle")).isEqualTo(rowBefore);
        assertThat(get(instances.get(0), "mp-idle", 20).fingerprints()).containsExactly(served);
        assertThat(get(instances.get(2), "mp-idle", 20).fingerprints()).containsExactly(served);
        assertThat(get(instances.replace(1), "mp-idle", 20).fingerprints()).containsExactly(served);
        assertThat(deployment.provider().refreshCount(grant.grantId())).isEqualTo(1);
    }

    @Test
    void call_namesTheSignalAndShowsTheLog_whenTheInstanceWasKilledFromOutside() {
        InstanceProcess instance = deployment.startInstances(1).get(0);

        ProcessHandle.of(instance.pid()).ifPresent(ProcessHandle::destroyForcibly);

        assertThatThrownBy(() -> instance.call("get mp-none 1", ANSWER_TIMEOUT))
                .isInstanceOf(InstanceException.class)
                .hasMessageContaining("instance instance-1 (pid " + instance.pid() + ")")
                .hasMessageContaining("killed by signal 9 (SIGKILL), exit status 137")
                .hasMessageContaining("token cipher uses keyset file");
    }

    @Test
    void call_answersAnErrorAndKeepsServing_whenTheCommandIsUnknownOrMalformed() {
        InstanceProcess instance = deployment.startInstances(1).get(0);

        assertThatThrownBy(() -> instance.call("frobnicate now", ANSWER_TIMEOUT))
                .isInstanceOf(InstanceException.class)
                .hasMessageContaining("answered 'frobnicate now' with: error unknown command 'frobnicate'; known: get,"
                        + " schedule, quit")
                .hasMessageContaining("still running");
        assertThatThrownBy(() -> instance.call("get mp-none", ANSWER_TIMEOUT))
                .hasMessageContaining("error IllegalArgumentException: usage: get <connectionId> <callers>");
        assertThat(get(instance, "mp-none", 3).count(Kind.NOT_FOUND)).isEqualTo(3);
    }

    @Test
    void awaitReady_showsWhyTheInstanceCouldNotStart_whenItsKeysetFileIsMissing() {
        Path missing = Path.of(System.getProperty("java.io.tmpdir"), "tokenkeeper-no-such-keyset.json");

        InstanceProcess instance = deployment.launch(deployment.options("broken").withKeysetFile(missing));

        assertThatThrownBy(() -> instance.awaitReady(InstanceProcess.STARTUP))
                .isInstanceOf(InstanceException.class)
                .hasMessageContaining("instance broken")
                .hasMessageContaining("died while starting")
                .hasMessageContaining("exited with status 2 (could not start or serve)")
                .hasMessageContaining("keyset file " + missing + ": does not exist");
    }

    @Test
    void close_quitsTheInstanceCleanly_whenItIsIdle() {
        InstanceProcess instance = deployment.startInstances(1).get(0);

        instance.close();

        assertThat(instance.exitStatus()).as(instance.stderrTail()).contains(0);
        assertThat(instance.stderrTail()).doesNotContain("ERROR").doesNotContain("WARNING");
    }

    private static GetSummary get(InstanceProcess instance, String connectionId, int callers) {
        return GetSummary.parse(instance.call("get " + connectionId + " " + callers, ANSWER_TIMEOUT));
    }

    private static String servedFingerprint(List<String> answers) {
        List<GetSummary> summaries = answers.stream().map(GetSummary::parse).toList();
        assertThat(summaries).allSatisfy(summary -> assertThat(summary.count(Kind.FRESH)).isEqualTo(summary.total()));
        assertThat(summaries.stream().flatMap(summary -> summary.fingerprints().stream()).distinct()).hasSize(1);
        return summaries.getFirst().fingerprints().first();
    }

    /** The connection's lease columns and version, as one text to compare. */
    private String leaseAndVersion(String connectionId) {
        return deployment.database().withConnection(db -> {
            try (PreparedStatement select = db.prepareStatement("select lease_fence, lease_holder, lease_expires_at,"
                    + " lease_attempt_started_at, generation, refresh_count from connections where id = ?")) {
                select.setString(1, connectionId);
                try (ResultSet row = select.executeQuery()) {
                    assertThat(row.next()).isTrue();
                    return "fence=" + row.getLong(1) + " holder=" + row.getString(2) + " expires="
                            + row.getTimestamp(3) + " started=" + row.getTimestamp(4) + " generation=" + row.getLong(5)
                            + " refreshes=" + row.getLong(6);
                }
            }
        });
    }
}
