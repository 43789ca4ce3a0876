package dev.tokenkeeper.core.token;

import dev.tokenkeeper.core.connection.StorableText;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The credentials of one grant at one moment: access token, optional refresh token, absolute expiry and extra fields.
 *
 * @param accessToken  the bearer credential
 * @param refreshToken the refresh credential, or null when the grant has none
 * @param tokenType    normalized token type ("Bearer" for any casing of bearer), never null
 * @param issuedAt     when the request that obtained these tokens was sent
 * @param expiresAt    absolute expiry of the access token, or null when unknown (refresh on auth failure only)
 * @param scopes       granted scopes, possibly empty
 * @param raw          every other field of the token response (e.g. {@code instance_url}, {@code id_token});
 *                     never contains {@code access_token} or {@code refresh_token}
 * @param refreshTokenExpiresAt when the refresh token itself expires ({@code refresh_token_expires_in} and its
 *                     twins, from when the request was sent), or null when unknown, never, or there is no refresh
 *                     token
 */
public record TokenSet(
        Secret accessToken,
        Secret refreshToken,
        String tokenType,
        Instant issuedAt,
        Instant expiresAt,
        List<String> scopes,
        Map<String, Object> raw,
        Instant refreshTokenExpiresAt) {

    public static final String BEARER = "Bearer";

    public TokenSet {
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(issuedAt, "issuedAt");
        // Stored in plain columns: a provider's NUL or unpaired surrogate must not make the tokens unstorable.
        tokenType = tokenType == null || tokenType.isBlank() || tokenType.equalsIgnoreCase(BEARER)
                ? BEARER
                : StorableText.of(tokenType);
        scopes = scopes == null ? List.of() : StorableText.of(List.copyOf(scopes));
        raw = raw == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(raw));
        if (raw.containsKey("access_token") || raw.containsKey("refresh_token")) {
            throw new IllegalArgumentException("raw must not hold access_token or refresh_token");
        }
        if (expiresAt != null && !expiresAt.isAfter(issuedAt)) {
            throw new IllegalArgumentException("expiresAt must be after issuedAt");
        }
        refreshTokenExpiresAt = refreshToken == null ? null : refreshTokenExpiresAt;
    }

    /** Tokens whose refresh token's own expiry is unknown (or that have none). */
    public TokenSet(Secret accessToken, Secret refreshToken, String tokenType, Instant issuedAt, Instant expiresAt,
            List<String> scopes, Map<String, Object> raw) {
        this(accessToken, refreshToken, tokenType, issuedAt, expiresAt, scopes, raw, null);
    }

    /** The same tokens with other extra fields (a connection's per-connection settings beside the provider's). */
    public TokenSet withRaw(Map<String, ?> otherRaw) {
        return new TokenSet(accessToken, refreshToken, tokenType, issuedAt, expiresAt, scopes,
                new LinkedHashMap<String, Object>(otherRaw), refreshTokenExpiresAt);
    }

    /** The refresh token, if the grant has one. */
    public Optional<Secret> refreshTokenIfAny() {
        return Optional.ofNullable(refreshToken);
    }

    /** The access token's whole lifetime, if its expiry is known. */
    public Optional<Duration> lifetime() {
        return expiresAt == null ? Optional.empty() : Optional.of(Duration.between(issuedAt, expiresAt));
    }
}
