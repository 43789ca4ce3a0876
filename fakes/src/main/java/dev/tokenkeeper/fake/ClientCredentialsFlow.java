package dev.tokenkeeper.fake;

import dev.tokenkeeper.fake.TokenOutcome.Issued;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/**
 * The client-credentials grant (RFC 6749 §4.4): the authenticated client gets an access token of its own, with no
 * refresh token. Each client has one grant (subject {@code client:<id>}) that its tokens are issued on, so that they are
 * counted, and revoked, like a user's.
 */
final class ClientCredentialsFlow {
    private final GrantRegistry registry;
    private final QuirkScopes quirks;

    ClientCredentialsFlow(GrantRegistry registry, QuirkScopes quirks) {
        this.registry = registry;
        this.quirks = quirks;
    }

    /** The subject of a client's own grant. */
    static String subject(String clientId) {
        return "client:" + clientId;
    }

    TokenOutcome issue(String clientId, Form form) {
        if (form.get("refresh_token") != null || form.get("code") != null) {
            return TokenOutcome.Rejected.invalidRequest("client_credentials takes neither a code nor a refresh token");
        }
        String scope = form.get("scope");
        Set<String> scopes = scope == null || scope.isBlank() ? Set.of() : new TreeSet<>(Set.of(scope.trim()
                .split("[ ,]+")));
        Issued tokens;
        do { // a grant joined here may be revoked before its lock is taken: then join (create) again
            tokens = issueOn(registry.joinOrCreate(clientId, subject(clientId), scopes), clientId, scopes);
        } while (tokens == null);
        return tokens;
    }

    private Issued issueOn(Grant grant, String clientId, Set<String> scopes) {
        Duration lifetime = quirks.resolve(Quirk.ACCESS_TOKEN_LIFETIME, clientId, grant.id());
        grant.lock().lock();
        try {
            if (grant.isRevoked()) {
                return null;
            }
            AccessToken accessToken = registry.mintAccessToken(grant, lifetime, String.join(" ", scopes));
            return new Issued(grant.id(), accessToken, null, lifetime, false);
        } finally {
            grant.lock().unlock();
        }
    }
}
