package dev.tokenkeeper.postgres.connection;

import dev.tokenkeeper.core.port.TokenCipher;

/** A stored secret of a connection does not decrypt where it stands: it is reported, never served. */
public final class CorruptConnectionException extends RuntimeException {
    private final String connectionId;

    CorruptConnectionException(String connectionId, String where, TokenCipher.UndecryptableException cause) {
        super("connection " + connectionId + ": the secret stored as " + where + " does not decrypt", cause);
        this.connectionId = connectionId;
    }

    public String connectionId() {
        return connectionId;
    }
}
