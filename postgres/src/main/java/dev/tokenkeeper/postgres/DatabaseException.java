package dev.tokenkeeper.postgres;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.List;

/** The database failed (unreachable, constraint, SQL error): broken infrastructure, not an expected outcome. */
public final class DatabaseException extends RuntimeException {
    /**
     * SQLSTATE classes and codes of a failure that a later try may not meet: connection exceptions, insufficient
     * resources, operator intervention (a shutdown, a terminated backend), serialization failures and deadlocks, and a
     * database not accepting connections.
     */
    private static final List<String> TRANSIENT_STATES = List.of("08", "53", "57P", "40001", "40P01", "55000", "55P03");

    public DatabaseException(String message, Throwable cause) {
        super(message + ": " + cause.getMessage(), cause);
    }

    /**
     * True when the failure is of the database's availability (unreachable, restarting, out of connections, a
     * deadlock) rather than of the statement: worth answering "try again" rather than "bug".
     */
    public boolean isTransient() {
        for (Throwable cause = getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientException || cause instanceof SQLRecoverableException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && TRANSIENT_STATES.stream().anyMatch(sql.getSQLState()::startsWith)) {
                return true;
            }
            if (cause == cause.getCause()) {
                break;
            }
        }
        return false;
    }
}
