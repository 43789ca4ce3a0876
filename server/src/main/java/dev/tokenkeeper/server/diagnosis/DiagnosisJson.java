package dev.tokenkeeper.server.diagnosis;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.server.http.Json;
import java.time.Instant;

/**
 * A diagnosis as JSON: {@code connection_id}, {@code zone} (the cause's), {@code healthy}, {@code summary},
 * {@code checked_at}, {@code checks}, {@code cause}, {@code actor}, {@code fix}, {@code since} and {@code evidence}.
 */
final class DiagnosisJson {
    private DiagnosisJson() {}

    static ObjectNode report(String connectionId, String providerKey, Verdict verdict, Inquiry inquiry,
            Instant checkedAt) {
        Cause cause = verdict.cause();
        ObjectNode report = Json.object();
        report.put("connection_id", connectionId);
        report.put("zone", cause.zone().wireName());
        report.put("healthy", verdict.healthy());
        report.put("summary", cause.summary());
        report.put("checked_at", checkedAt.toString());
        ArrayNode checks = report.putArray("checks");
        for (Check check : inquiry.checks()) {
            checks.addObject().put("name", check.name()).put("status", check.status()).put("detail", check.detail());
        }
        report.put("cause", cause.code());
        report.put("actor", cause.actor().wireName());
        report.put("fix", cause.fix(providerKey));
        report.put("since", verdict.since() == null ? null : verdict.since().toString());
        ArrayNode evidence = report.putArray("evidence");
        for (Evidence fact : inquiry.evidence()) {
            evidence.addObject().put("at", fact.at().toString()).put("source", fact.source())
                    .put("detail", fact.detail());
        }
        return report;
    }
}
