package dev.tokenkeeper.server.diagnosis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The checks and evidence one diagnosis gathers as it goes, in order. */
final class Inquiry {
    private final List<Check> checks = new ArrayList<>();
    private final List<Evidence> evidence = new ArrayList<>();

    void check(Check check) {
        checks.add(check);
    }

    /** Adds a fact, unless it is blank or already stated. */
    void evidence(Instant at, String source, String detail) {
        if (detail == null || detail.isBlank()) {
            return;
        }
        Evidence fact = new Evidence(at, source, detail);
        if (!evidence.contains(fact)) {
            evidence.add(fact);
        }
    }

    List<Check> checks() {
        return List.copyOf(checks);
    }

    List<Evidence> evidence() {
        return List.copyOf(evidence);
    }
}
