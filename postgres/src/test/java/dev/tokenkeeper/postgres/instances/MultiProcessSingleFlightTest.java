package dev.tokenkeeper.postgres.instances;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkeeper.core.token.Secret;
import dev.tokenkeeper.postgres.TestConnections;
import dev.tokenkeeper.postgres.instances.GetSummary.Kind;
import dev.tokenkeeper.fake.FakeProvider;
import dev.tokenkeeper.fake.IssuedGrant;
import dev.tokenkeeper.fake.RefreshTokenPolicy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The single flight across processes: instance JVMs sharing one PostgreSQL ask for one expired connection. */
class MultiProcessSingleFlightTest {
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(90);

    @RegisterExtension
    private final SharedDeployment deployment = new SharedDeployment();
    private final FakeProvider provider = deployment.provider();

    @Test
    void freshToken_callsTheProviderOnce_when300CallersInThreeProcessesAskForOneExpiredConnection() {
        provider.quirks().refreshTokens(RefreshTokenPolicy.ROTATE).reuseDetection(true)
                .tokenLatency(Duration.ofMillis(500));
        IssuedGrant grant = TestConnections.importExpired(provider, deployment.store(), "mp-expired");
        Instances instances = deployment.startInstances(3);

        List<GetSummary> answers = instances.callEach("get mp-expired 100", ANSWER_TIMEOUT).stream()
                .map(GetSummary::parse).toList();

        assertThat(provider.refreshCount(grant.grantId()))
                .as("refresh requests; the instances answered %s", answers.stream().map(GetSummary::format).toList())
                .isEqualTo(1);
        assertThat(provider.anyGrantRevoked()).isFalse();
        String current = Secret.of(provider.currentAccessToken(grant.grantId()).orElseThrow()).fingerprint();
        assertThat(answers).hasSize(3).allSatisfy(answer -> {
            assertThat(answer.count(Kind.FRESH)).as(answer.format()).isEqualTo(100);
            assertThat(answer.fingerprints()).as(answer.format()).containsExactly(current);
        });
    }
}
