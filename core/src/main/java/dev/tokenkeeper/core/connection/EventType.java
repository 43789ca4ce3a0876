package dev.tokenkeeper.core.connection;

/** The kinds of connection event; their wire names are the webhook event types of API.md. */
public enum EventType {
    CREATED("connection.created"),
    REFRESH_FAILED("connection.refresh_failed"),
    /** Retryable failures have lasted past the escalation period (once per streak of failures). */
    REFRESH_FAILING("connection.refresh_failing"),
    NEEDS_REAUTH("connection.needs_reauth"),
    MISCONFIGURED("connection.misconfigured"),
    REACTIVATED("connection.reactivated"),
    /**
     * The refresh token itself expires within {@code ConnectionLifecycle.REFRESH_TOKEN_WARNING} and the last refresh
     * did not extend it (once per refresh token's expiry).
     */
    REFRESH_TOKEN_EXPIRING("connection.refresh_token_expiring"),
    DELETED("connection.deleted"),
    /**
     * A reconnect of the connection failed at the callback (the user declined, the redirect URI was refused, the code
     * exchange failed); the connection itself is unchanged.
     */
    CONNECT_FAILED("connect.failed");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
