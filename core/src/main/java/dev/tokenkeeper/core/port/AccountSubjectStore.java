package dev.tokenkeeper.core.port;

import java.util.Optional;

/**
 * The account subject of each connection: the account its grant belongs to as the provider names it, kept so that a
 * reconnect can tell whether the same account came back. A subject lives and dies with its connection.
 */
public interface AccountSubjectStore {

    /** The connection's stored subject, or empty when none is known (or there is no such connection). */
    Optional<String> find(String connectionId);

    /** Stores the connection's subject (a connection that does not exist is left alone). */
    void store(String connectionId, String subject);
}
