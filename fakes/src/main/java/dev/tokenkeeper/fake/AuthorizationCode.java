package dev.tokenkeeper.fake;

import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;

/** An authorization code awaiting its one exchange, with what it was issued for. */
record AuthorizationCode(
        String clientId, String redirectUri, String codeChallenge, Set<String> scopes, String subject,
        Instant expiresAt) {

    AuthorizationCode {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(redirectUri, "redirectUri");
        Objects.requireNonNull(codeChallenge, "codeChallenge");
        scopes = Set.copyOf(scopes);
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** RFC 7636 §4.6 with S256: BASE64URL(SHA256(verifier)) equals the challenge. */
    boolean verifies(String codeVerifier) {
        if (codeVerifier == null || !codeVerifier.matches("[A-Za-z0-9._~-]{43,128}")) {
            return false;
        }
        String computed = Base64.getUrlEncoder().withoutPadding().encodeToString(Tokens.sha256(codeVerifier));
        return Tokens.sameSecret(codeChallenge, computed);
    }
}
