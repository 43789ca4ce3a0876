package dev.tokenkeeper.core.port;

import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.provider.ProviderConfig;

/**
 * One page of a connection listing: optional filters, the id the page continues after, and how many it holds.
 *
 * <p>Pages are in ascending id order as {@link String#compareTo} sorts ids (connection ids are ASCII, so this is
 * byte order); the last id of a page is the {@code afterId} of the next one.
 *
 * @param providerKey only connections of this provider, or null for every provider; a valid provider key
 * @param state       only connections in this state, or null for every state
 * @param afterId     only ids strictly greater than this one, or null to start at the first; a valid connection id
 * @param limit       the most connections in the page, 1 to {@value #MAX_LIMIT}
 */
public record ConnectionQuery(String providerKey, ConnectionState state, String afterId, int limit) {
    /** The largest page a listing returns. */
    public static final int MAX_LIMIT = 1000;

    public ConnectionQuery {
        if (providerKey != null && !ProviderConfig.isValidKey(providerKey)) {
            throw new IllegalArgumentException("providerKey must be null or a provider key");
        }
        if (afterId != null && !Connection.isValidId(afterId)) {
            throw new IllegalArgumentException("afterId must be null or a connection id");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", not " + limit);
        }
    }

    /** The first page of every connection. */
    public static ConnectionQuery all(int limit) {
        return new ConnectionQuery(null, null, null, limit);
    }

    /** The same filters and limit, for the page after {@code lastId}. */
    public ConnectionQuery after(String lastId) {
        return new ConnectionQuery(providerKey, state, lastId, limit);
    }

    /** True when {@code connection} passes the filters and comes after {@code afterId}. */
    public boolean matches(Connection connection) {
        return (providerKey == null || providerKey.equals(connection.providerKey()))
                && (state == null || state == connection.state())
                && (afterId == null || connection.id().compareTo(afterId) > 0);
    }
}
