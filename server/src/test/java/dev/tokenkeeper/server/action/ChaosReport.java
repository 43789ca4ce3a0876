package dev.tokenkeeper.server.action;

import java.time.Duration;
import java.util.List;

/**
 * What an {@link ActionsChaos} run showed.
 *
 * @param plan                      the run's size
 * @param createdHeld               actions that started {@code held} (created while their connection was stale)
 * @param staleButNotHeld           actions created once every connection was stale that did not start held
 * @param executedOnce              actions {@code succeeded} that the fake executed exactly once
 * @param outcomeUnknownExecuted    actions surfaced {@code failed} / {@code outcome_unknown} the fake executed once
 * @param outcomeUnknownNotExecuted actions surfaced {@code outcome_unknown} whose request never reached the fake
 * @param lost                      actions missing, not final, ended otherwise, or succeeded without an execution
 * @param duplicates                actions the fake executed more than once
 * @param orderViolations           executions that came after a later action of the same connection
 * @param staleCalls                writes with a revoked grant's token after Tokenkeeper had noticed the revocation
 * @param inFlightAtKill            the killed instance's writes the fake held unanswered at the kill
 * @param inFlightAtKillNotSurfaced of those, the ones not surfaced {@code outcome_unknown}
 * @param replay                    the time from the last reconnect until every action was final
 * @param logLeaks                  log lines that carry an action body's marker
 */
record ChaosReport(ChaosPlan plan, int createdHeld, List<String> staleButNotHeld, int executedOnce,
        int outcomeUnknownExecuted, int outcomeUnknownNotExecuted, List<String> lost, List<String> duplicates,
        List<String> orderViolations, List<String> staleCalls, List<String> inFlightAtKill,
        List<String> inFlightAtKillNotSurfaced, Duration replay, List<String> logLeaks) {
    static final int INSTANCES = 2;
    static final int KILLS = 1;

    int outcomeUnknown() {
        return outcomeUnknownExecuted + outcomeUnknownNotExecuted;
    }

    /** The figures as a Markdown table, for BENCHMARKS.md. */
    String table(String command) {
        return String.join("\n",
                "| figure | value |",
                "|---|---|",
                row("actions", plan.actions()),
                row("connections", plan.connections()),
                row("instances", INSTANCES),
                row("kills (SIGKILL during the replay)", KILLS),
                row("created while stale (started held)", createdHeld),
                row("executed exactly once", executedOnce),
                row("outcome_unknown (executed once / never reached the provider)",
                        outcomeUnknown() + " (" + outcomeUnknownExecuted + " / " + outcomeUnknownNotExecuted + ")"),
                row("killed instance's writes in flight at the kill", inFlightAtKill.size()),
                row("lost (must be 0)", lost.size()),
                row("executed twice or more (must be 0)", duplicates.size()),
                row("order violations (must be 0)", orderViolations.size()),
                row("provider calls while stale (must be 0)", staleCalls.size()),
                row("action bodies in logs (must be 0)", logLeaks.size()),
                row("time from the last reconnect to all final", "%.1f s".formatted(replay.toMillis() / 1000.0)),
                row("command", "`" + command + "`"));
    }

    private static String row(String figure, Object value) {
        return "| " + figure + " | " + value + " |";
    }
}
