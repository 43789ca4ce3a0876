package dev.tokenkeeper.fake;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * A grant minted directly by a test ({@link FakeProvider#issueGrant}), with the tokens a client would import.
 *
 * @param grantId the provider's id of the grant, as reported by {@code /me}
 * @param clientId the client the grant belongs to
 * @param subject the user the grant stands for
 * @param scopes the granted scopes
 * @param accessToken the access token (secret: never log it)
 * @param refreshToken the refresh token (secret: never log it)
 * @param expiresIn the access token's lifetime from the moment it was issued
 */
public record IssuedGrant(
        String grantId,
        String clientId,
        String subject,
        Set<String> scopes,
        String accessToken,
        String refreshToken,
        Duration expiresIn) {

    public IssuedGrant {
        Objects.requireNonNull(grantId, "grantId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(subject, "subject");
        scopes = Set.copyOf(scopes);
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(refreshToken, "refreshToken");
        if (expiresIn.isNegative() || expiresIn.isZero()) {
            throw new IllegalArgumentException("expiresIn must be positive: " + expiresIn);
        }
    }

    @Override
    public String toString() {
        return ("IssuedGrant[grantId=%s, clientId=%s, subject=%s, scopes=%s, accessToken=%s, refreshToken=%s,"
                + " expiresIn=%s]")
                .formatted(grantId, clientId, subject, scopes, Tokens.fingerprint(accessToken),
                        Tokens.fingerprint(refreshToken), expiresIn);
    }
}
