package dev.tokenkeeper.client.connection;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A diagnosis: whether the connection works ({@code healthy}), the {@code cause} from the catalogue, its
 * {@code zone}, who acts ({@code actor}), the {@code fix}, the checks that ran and the evidence.
 */
public record Diagnosis(String connectionId, String zone, boolean healthy, String summary, Instant checkedAt,
        List<Check> checks, String cause, String actor, String fix, Instant since, List<Evidence> evidence) {
    public Diagnosis {
        Objects.requireNonNull(connectionId, "connectionId");
        checks = checks == null ? List.of() : List.copyOf(checks);
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }

    /** One check: its name, {@code pass}, {@code fail} or {@code skip}, and what it saw. */
    public record Check(String name, String status, String detail) {}

    /** A fact the verdict rests on, and where it came from. */
    public record Evidence(Instant at, String source, String detail) {}
}
