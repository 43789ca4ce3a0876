package dev.tokenkeeper.postgres;

/** The database failed (unreachable, constraint, SQL error): broken infrastructure, not an expected outcome. */
public final class DatabaseException extends RuntimeException {
    public DatabaseException(String message, Throwable cause) {
        super(message + ": " + cause.getMessage(), cause);
    }
}
