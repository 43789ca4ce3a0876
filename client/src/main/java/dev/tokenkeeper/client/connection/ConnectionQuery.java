package dev.tokenkeeper.client.connection;

import java.util.Map;

/**
 * Which connections a list answers: of a provider, in a state, with metadata entries (all must match); {@code limit}
 * per page (null: the API's default) starting after {@code cursor}.
 */
public record ConnectionQuery(String provider, ConnectionState state, Map<String, String> metadata, Integer limit,
        String cursor) {
    public ConnectionQuery {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        if (limit != null && limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
    }

    /** Every connection, pages of the API's default size. */
    public static ConnectionQuery all() {
        return new ConnectionQuery(null, null, Map.of(), null, null);
    }

    public ConnectionQuery provider(String provider) {
        return new ConnectionQuery(provider, state, metadata, limit, cursor);
    }

    public ConnectionQuery state(ConnectionState state) {
        return new ConnectionQuery(provider, state, metadata, limit, cursor);
    }

    public ConnectionQuery metadata(Map<String, String> metadata) {
        return new ConnectionQuery(provider, state, metadata, limit, cursor);
    }

    public ConnectionQuery limit(int limit) {
        return new ConnectionQuery(provider, state, metadata, limit, cursor);
    }

    /** The page after this cursor (a page's {@code nextCursor}). */
    public ConnectionQuery after(String cursor) {
        return new ConnectionQuery(provider, state, metadata, limit, cursor);
    }
}
