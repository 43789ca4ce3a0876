package dev.tokenkeeper.server.proxy;

import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.server.connection.ConnectionsApi;
import dev.tokenkeeper.server.http.ApiProblem;
import java.util.Objects;

/**
 * The two parts of a raw {@code /v1/proxy/{connection_id}/{path...}} request path: the connection id, and the rest
 * exactly as received (still percent-encoded, empty or starting with {@code /}).
 */
record ProxyPath(String connectionId, String rest) {
    private static final String PREFIX = ProxyApi.PATH + "/";

    ProxyPath {
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(rest, "rest");
    }

    /** Splits a raw request path; a malformed connection id is a 404, as no connection can have it. */
    static ProxyPath parse(String rawPath) {
        if (!rawPath.startsWith(PREFIX)) {
            throw ApiProblem.of(400, "proxy_target_refused", "Proxy target refused",
                    "the path must start with " + PREFIX + " as sent, without encoded characters");
        }
        int slash = rawPath.indexOf('/', PREFIX.length());
        String id = slash < 0 ? rawPath.substring(PREFIX.length()) : rawPath.substring(PREFIX.length(), slash);
        if (!Connection.isValidId(id)) {
            throw ConnectionsApi.impossibleId();
        }
        return new ProxyPath(id, slash < 0 ? "" : rawPath.substring(slash));
    }
}
