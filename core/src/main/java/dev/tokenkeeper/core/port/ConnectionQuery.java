package dev.tokenkeeper.core.port;

import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.connection.ConnectionState;
import dev.tokenkeeper.core.provider.ProviderConfig;
import java.util.Map;

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
 * @param metadata    only connections whose metadata holds every one of these entries, each value equal as a string;
 *                    empty for no such filter; at most {@value #MAX_METADATA_FILTERS} entries, keys of 1 to
 *                    {@value #MAX_METADATA_KEY} characters, values of at most {@value #MAX_METADATA_VALUE}
 */
public record ConnectionQuery(String providerKey, ConnectionState state, String afterId, int limit,
        Map<String, String> metadata) {
    /** The largest page a listing returns. */
    public static final int MAX_LIMIT = 1000;
    /** The most metadata entries one listing filters on. */
    public static final int MAX_METADATA_FILTERS = 64;
    /** The longest metadata key, as connections' metadata allows. */
    public static final int MAX_METADATA_KEY = 128;
    /** The longest metadata value, as connections' metadata allows. */
    public static final int MAX_METADATA_VALUE = 2048;

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
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        if (metadata.size() > MAX_METADATA_FILTERS) {
            throw new IllegalArgumentException("at most " + MAX_METADATA_FILTERS + " metadata filters");
        }
        metadata.forEach((key, value) -> {
            if (key.isEmpty() || key.length() > MAX_METADATA_KEY || value.length() > MAX_METADATA_VALUE) {
                throw new IllegalArgumentException("a metadata filter's key must be 1-" + MAX_METADATA_KEY
                        + " characters and its value at most " + MAX_METADATA_VALUE);
            }
        });
    }

    /** A page without a metadata filter. */
    public ConnectionQuery(String providerKey, ConnectionState state, String afterId, int limit) {
        this(providerKey, state, afterId, limit, Map.of());
    }

    /** The first page of every connection. */
    public static ConnectionQuery all(int limit) {
        return new ConnectionQuery(null, null, null, limit);
    }

    /** The same filters and limit, for the page after {@code lastId}. */
    public ConnectionQuery after(String lastId) {
        return new ConnectionQuery(providerKey, state, lastId, limit, metadata);
    }

    /** The same query, also filtered on these metadata entries (replacing any metadata filter). */
    public ConnectionQuery withMetadata(Map<String, String> entries) {
        return new ConnectionQuery(providerKey, state, afterId, limit, entries);
    }

    /** True when {@code connection} passes the filters and comes after {@code afterId}. */
    public boolean matches(Connection connection) {
        return (providerKey == null || providerKey.equals(connection.providerKey()))
                && (state == null || state == connection.state())
                && (afterId == null || connection.id().compareTo(afterId) > 0)
                && connection.metadata().entrySet().containsAll(metadata.entrySet());
    }
}
