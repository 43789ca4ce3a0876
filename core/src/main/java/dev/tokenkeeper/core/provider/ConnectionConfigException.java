package dev.tokenkeeper.core.provider;

/**
 * A connection's per-connection setting ({@code connection_config}) is missing or breaks its rule, so the provider's
 * URLs cannot be filled for it. The message names the setting and the rule, never the value.
 */
public final class ConnectionConfigException extends RuntimeException {
    private final String setting;
    private final String problem;

    public ConnectionConfigException(String setting, String problem) {
        super("connection_config." + setting + " " + problem);
        this.setting = setting;
        this.problem = problem;
    }

    /** What is wrong, without the setting's name ("is not set for this connection"). */
    public String problem() {
        return problem;
    }

    /** The setting's name. */
    public String setting() {
        return setting;
    }
}
