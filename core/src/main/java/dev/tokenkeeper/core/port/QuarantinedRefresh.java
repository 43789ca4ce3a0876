package dev.tokenkeeper.core.port;

import dev.tokenkeeper.core.token.TokenSet;
import java.time.Instant;
import java.util.Objects;

/**
 * A successful refresh answer that arrived after its holder lost the lease: kept (encrypted at rest) and reported.
 *
 * @param connectionId the connection
 * @param fence        the fence of the lease the answer was obtained under
 * @param tokens       the merged tokens the provider issued
 * @param at           when it was quarantined
 * @param reason       why the commit was refused
 */
public record QuarantinedRefresh(String connectionId, long fence, TokenSet tokens, Instant at, String reason) {
    public QuarantinedRefresh {
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(reason, "reason");
    }
}
