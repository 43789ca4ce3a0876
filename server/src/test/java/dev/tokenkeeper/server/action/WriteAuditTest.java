package dev.tokenkeeper.server.action;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.server.ApiClient;
import dev.tokenkeeper.fake.ResourceWrite;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chaos run's judge fails a run for each way an action can go wrong, and passes a clean one. */
class WriteAuditTest {
    private static final ChaosPlan PLAN = new ChaosPlan(2, 3, Duration.ofMinutes(1));
    private static final Instant T0 = Instant.parse("2026-12-05T00:00:00Z");
    private static final String OLD_GRANT = "grant-1";

    private final List<CreatedAction> created = List.of(
            action("a0", "c0", 0), action("a1", "c0", 1), action("a2", "c0", 2),
            action("b0", "c1", 0), action("b1", "c1", 1), action("b2", "c1", 2));
    private final List<JsonNode> listed = new ArrayList<>(created.stream().map(a -> finished(a.id(), "succeeded", null))
            .toList());
    private final List<ResourceWrite> writes = new ArrayList<>();

    @Test
    void aCleanRun_showsEveryActionOnce_andNothingWrong() {
        created.forEach(action -> write(action.marker(), "grant-new", true, 10));

        ChaosReport report = audit();

        assertThat(report.executedOnce()).isEqualTo(6);
        assertThat(report.lost()).isEmpty();
        assertThat(report.duplicates()).isEmpty();
        assertThat(report.orderViolations()).isEmpty();
        assertThat(report.staleCalls()).isEmpty();
    }

    @Test
    void aSecondExecution_isADuplicate() {
        created.forEach(action -> write(action.marker(), "grant-new", true, 10));
        write("mk-b2", "grant-new", true, 11);

        assertThat(audit().duplicates()).containsExactly("mk-b2 executed 2 times");
    }

    @Test
    void anExecutionAfterALaterActionOfItsConnection_isAnOrderViolation() {
        write("mk-a1", "grant-new", true, 10);
        write("mk-a0", "grant-new", true, 11);
        write("mk-a2", "grant-new", true, 12);
        write("mk-b0", "grant-new", true, 10);
        write("mk-b1", "grant-new", true, 10);
        write("mk-b2", "grant-new", true, 10);

        assertThat(audit().orderViolations()).containsExactly("mk-a0 executed after mk-a1");
    }

    @Test
    void aWriteWithTheRevokedGrantAfterItWasNoticed_isAStaleCall_andTheDiscoveryIsNot() {
        write("mk-a0", OLD_GRANT, false, 4);
        write("mk-a0", OLD_GRANT, false, 6);
        created.forEach(action -> write(action.marker(), "grant-new", true, 10));

        assertThat(audit().staleCalls()).singleElement().asString().startsWith("mk-a0 with revoked grant-1");
    }

    @Test
    void missingNeverExecutedOrFailedActions_areLost_andOutcomeUnknownIsCounted() {
        created.stream().filter(action -> !action.id().equals("a1")).forEach(action -> write(action.marker(),
                "grant-new", true, 10));
        listed.removeIf(action -> action.path("id").asText().equals("b2"));
        replace("a1", finished("a1", "failed", "outcome_unknown"));
        replace("a2", finished("a2", "failed", "provider_rejected"));
        replace("b1", finished("b1", "failed", "outcome_unknown"));
        write("mk-zz", "grant-new", true, 12);

        ChaosReport report = audit();

        assertThat(report.lost()).hasSize(2).anyMatch(line -> line.startsWith("mk-b2") && line.contains("missing"))
                .anyMatch(line -> line.startsWith("mk-a2") && line.contains("provider_rejected"));
        assertThat(report.outcomeUnknownNotExecuted()).isEqualTo(1);
        assertThat(report.outcomeUnknownExecuted()).isEqualTo(1);
        assertThat(report.executedOnce()).isEqualTo(2);
    }

    @Test
    void aSucceededActionTheProviderNeverSaw_isLost() {
        created.stream().filter(action -> !action.id().equals("b0")).forEach(action -> write(action.marker(),
                "grant-new", true, 10));

        assertThat(audit().lost()).singleElement().asString().contains("succeeded but never executed");
    }

    private ChaosReport audit() {
        return new WriteAudit(created, listed, writes, Map.of(OLD_GRANT, T0.plusSeconds(5)))
                .report(PLAN, List.of(), Duration.ZERO, List.of());
    }

    private void write(String marker, String grantId, boolean accepted, int second) {
        writes.add(new ResourceWrite(writes.size() + 1L, T0.plusSeconds(second), "POST", "/writes/x", grantId,
                accepted, marker, null));
    }

    private void replace(String id, JsonNode action) {
        listed.replaceAll(old -> old.path("id").asText().equals(id) ? action : old);
    }

    private static CreatedAction action(String id, String connectionId, int index) {
        return new CreatedAction(id, connectionId, index, "mk-" + id, "queued");
    }

    private static JsonNode finished(String id, String state, String code) {
        ObjectNode action = ApiClient.object().put("id", id).put("state", state);
        if (code != null) {
            action.putObject("error").put("code", code);
        }
        return action;
    }
}
