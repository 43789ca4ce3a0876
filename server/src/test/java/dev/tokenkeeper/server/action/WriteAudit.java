package dev.tokenkeeper.server.action;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenkeeper.fake.ResourceWrite;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Judges a run from what the fake provider saw: every created action final and accounted for, each executed exactly
 * once (or surfaced {@code outcome_unknown}: at most once), in creation order per connection, and no write with a
 * revoked grant's token once Tokenkeeper had noticed the revocation.
 */
final class WriteAudit {
    static final String OUTCOME_UNKNOWN = "outcome_unknown";

    private final List<CreatedAction> created;
    private final Map<String, JsonNode> finals = new HashMap<>();
    private final List<ResourceWrite> writes;
    private final Map<String, Instant> noticedAt;
    private final Map<String, Integer> executions = new HashMap<>();

    /**
     * @param created   the actions as created, each connection's in creation order
     * @param listed    the actions as {@code GET /v1/actions} lists them at the end
     * @param writes    the fake's write log
     * @param noticedAt for each revoked grant, when Tokenkeeper noticed the revocation
     */
    WriteAudit(List<CreatedAction> created, List<JsonNode> listed, List<ResourceWrite> writes,
            Map<String, Instant> noticedAt) {
        this.created = created;
        this.writes = writes;
        this.noticedAt = noticedAt;
        listed.forEach(action -> finals.put(action.path("id").asText(), action));
        writes.stream().filter(write -> write.accepted() && write.marker() != null)
                .forEach(write -> executions.merge(write.marker(), 1, Integer::sum));
    }

    ChaosReport report(ChaosPlan plan, List<String> inFlightAtKill, Duration replay, List<String> logLeaks) {
        int once = 0;
        int unknownExecuted = 0;
        int unknownNotExecuted = 0;
        List<String> lost = new ArrayList<>();
        List<String> duplicates = new ArrayList<>();
        for (CreatedAction action : created) {
            int times = executions(action.marker());
            if (times > 1) {
                duplicates.add(action.marker() + " executed " + times + " times");
            }
            String verdict = times > 1 ? "duplicate" : verdict(action, times);
            switch (verdict) {
                case "duplicate" -> { } // listed in duplicates
                case "once" -> once++;
                case "unknown-executed" -> unknownExecuted++;
                case "unknown-not-executed" -> unknownNotExecuted++;
                default -> lost.add(action.marker() + " (" + action.id() + "): " + verdict);
            }
        }
        List<String> notSurfaced = inFlightAtKill.stream().filter(marker -> !isOutcomeUnknown(marker)).toList();
        List<String> staleButNotHeld = created.stream().filter(action -> action.index() > plan.beforeRevocation()
                && !action.initialState().equals("held")).map(action -> action.marker() + " " + action.initialState())
                .toList();
        int createdHeld = (int) created.stream().filter(action -> action.initialState().equals("held")).count();
        return new ChaosReport(plan, createdHeld, staleButNotHeld, once, unknownExecuted, unknownNotExecuted, lost,
                duplicates, orderViolations(), staleCalls(), inFlightAtKill, notSurfaced, replay, logLeaks);
    }

    int executions(String marker) {
        return executions.getOrDefault(marker, 0);
    }

    private String verdict(CreatedAction action, int times) {
        JsonNode listed = finals.get(action.id());
        if (listed == null) {
            return "missing from GET /v1/actions";
        }
        String state = listed.path("state").asText();
        if (state.equals("succeeded")) {
            return times == 1 ? "once" : "succeeded but never executed";
        }
        if (state.equals("failed") && OUTCOME_UNKNOWN.equals(listed.path("error").path("code").asText())) {
            return times == 0 ? "unknown-not-executed" : "unknown-executed";
        }
        return state + (listed.path("error").isObject() ? " " + listed.path("error") : "");
    }

    private boolean isOutcomeUnknown(String marker) {
        return created.stream().filter(action -> action.marker().equals(marker)).map(action -> finals.get(action.id()))
                .anyMatch(listed -> listed != null && listed.path("state").asText().equals("failed")
                        && OUTCOME_UNKNOWN.equals(listed.path("error").path("code").asText()));
    }

    /** Executions that arrived after the execution of a later action of the same connection. */
    private List<String> orderViolations() {
        Map<String, CreatedAction> byMarker = new HashMap<>();
        created.forEach(action -> byMarker.put(action.marker(), action));
        Map<String, CreatedAction> latest = new HashMap<>();
        List<String> violations = new ArrayList<>();
        for (ResourceWrite write : writes) {
            CreatedAction action = write.accepted() ? byMarker.get(write.marker()) : null;
            if (action == null) {
                continue;
            }
            CreatedAction before = latest.get(action.connectionId());
            if (before != null && before.index() > action.index()) {
                violations.add(action.marker() + " executed after " + before.marker());
            } else {
                latest.put(action.connectionId(), action);
            }
        }
        return violations;
    }

    /** Writes with a revoked grant's token that arrived after Tokenkeeper had noticed the revocation. */
    private List<String> staleCalls() {
        return writes.stream().filter(write -> write.grantId() != null && noticedAt.containsKey(write.grantId())
                        && write.receivedAt().isAfter(noticedAt.get(write.grantId())))
                .map(write -> write.marker() + " with revoked " + write.grantId() + " at " + write.receivedAt())
                .toList();
    }
}
