package dev.tokenkeeper.postgres.setup;

/** A setting that cannot be used; the message names the environment variable and the problem, never a secret. */
public final class InvalidSettingException extends IllegalArgumentException {
    private final String variable;

    public InvalidSettingException(String variable, String problem) {
        super(variable + ": " + problem);
        this.variable = variable;
    }

    /** The environment variable at fault, e.g. {@code TOKENKEEPER_DATABASE_URL}. */
    public String variable() {
        return variable;
    }
}
