package dev.tokenkeeper.server.action;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Opt-in, outside the default suite (its name does not end in {@code Test}): {@code ./tokenkeeper bench actions
 * [1000] [100]} runs {@link ActionsChaos} with that many actions over that many connections, writes its figures to
 * {@code server/target/actions-bench.md} (the launcher prints them, for BENCHMARKS.md) and fails if anything was lost.
 * Each connection gets {@code actions / connections} actions (at least 3).
 */
class ActionsBench {
    private static final Path FIGURES = Path.of("target", "actions-bench.md");

    @Test
    void actionsSurviveRevocationReconnectsAndAKill_atScale() throws Exception {
        int actions = setting("tokenkeeper.bench.actions", 1000);
        int connections = setting("tokenkeeper.bench.connections", 100);
        ChaosPlan plan = new ChaosPlan(connections, Math.max(3, actions / connections),
                Duration.ofMinutes(30));

        ChaosReport report = ActionsChaos.run(plan);

        String table = report.table("./tokenkeeper bench actions " + actions + " " + connections);
        Files.writeString(FIGURES, table + "\n");
        System.out.println(table);
        ActionsKillTest.assertNothingLost(report);
    }

    private static int setting(String name, int fallback) {
        String value = System.getProperty(name);
        try {
            return value == null || value.isBlank() ? fallback : Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'", e);
        }
    }
}
