package dev.tokenkeeper.core.provider;

/** A provider config that cannot be used, naming the offending field (e.g. {@code token_url}). */
public final class InvalidProviderConfigException extends IllegalArgumentException {
    private final String field;

    public InvalidProviderConfigException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    public InvalidProviderConfigException(String field, String problem, Throwable cause) {
        super(field + ": " + problem, cause);
        this.field = field;
    }

    /** The config field at fault, in API.md's snake_case spelling. */
    public String field() {
        return field;
    }
}
