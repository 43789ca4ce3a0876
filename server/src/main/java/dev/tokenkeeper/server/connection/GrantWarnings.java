package dev.tokenkeeper.server.connection;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.core.connection.ConnectionLifecycle;
import dev.tokenkeeper.core.token.TokenSet;
import dev.tokenkeeper.server.http.Json;
import java.util.List;

/**
 * What is wrong with a grant that works now, said when it is imported or connected: an access token that expires
 * with no refresh token to renew it ({@link Cause#NO_REFRESH_TOKEN}). A grant whose access token never expires needs
 * no refresh token and is not warned about.
 */
public final class GrantWarnings {
    private GrantWarnings() {}

    /** The causes to warn about for these tokens; empty for a grant that can be kept alive. */
    public static List<Cause> of(TokenSet tokens) {
        return ConnectionLifecycle.lacksRefreshToken(tokens) ? List.of(Cause.NO_REFRESH_TOKEN) : List.of();
    }

    /** {@code [{"cause","actor","fix"}]}, the fix naming the provider. */
    public static ArrayNode json(List<Cause> warnings, String providerKey) {
        ArrayNode list = Json.mapper().createArrayNode();
        for (Cause cause : warnings) {
            list.addObject().put("cause", cause.code()).put("actor", cause.actor().wireName())
                    .put("fix", cause.fix(providerKey));
        }
        return list;
    }
}
