package dev.tokenkeeper.server.demo;

import java.util.Objects;

/**
 * What the demo's reconnect came to, and why, in words for the terminal.
 *
 * @param result whether the connection is active again, or a step failed
 * @param detail what happened, naming the step; never a token, code or state value
 */
public record ReconnectOutcome(Result result, String detail) {
    /** The two ends of a reconnect. */
    public enum Result { RECONNECTED, FAILED }

    public ReconnectOutcome {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(detail, "detail");
    }

    static ReconnectOutcome failed(String detail) {
        return new ReconnectOutcome(Result.FAILED, detail);
    }
}
