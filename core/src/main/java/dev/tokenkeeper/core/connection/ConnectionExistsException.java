package dev.tokenkeeper.core.connection;

/** Creating a connection whose id another connection has: nothing was stored. */
public final class ConnectionExistsException extends IllegalStateException {
    private final String connectionId;

    public ConnectionExistsException(String connectionId) {
        super("a connection with the id '" + connectionId + "' exists already");
        this.connectionId = connectionId;
    }

    /** The id that is taken. */
    public String connectionId() {
        return connectionId;
    }
}
