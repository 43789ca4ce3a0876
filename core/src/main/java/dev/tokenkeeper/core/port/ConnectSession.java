package dev.tokenkeeper.core.port;

import dev.tokenkeeper.core.connection.Connection;
import dev.tokenkeeper.core.token.Secret;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One pending authorization-code flow: what the callback needs to finish it, valid once and until it expires.
 *
 * @param id            the session's id, for logs and the API (not a secret)
 * @param providerKey   the provider the user is sent to
 * @param connectionId  the connection to reconnect, or null to create a new one (its id chosen at the callback)
 * @param state         the OAuth {@code state} sent to the provider; stores keep only its SHA-256
 * @param codeVerifier  the PKCE code verifier (RFC 7636), or null when the provider does not use PKCE; stores keep
 *                      it encrypted
 * @param redirectAfter where the user's browser goes after a successful callback, or null for Tokenkeeper's page
 * @param metadata      the user's own labels for the new connection
 * @param createdAt     when the session was made
 * @param expiresAt     the end of its validity, after {@code createdAt}
 * @param connectionConfig the per-connection settings its provider's URLs are filled with (a subdomain, a tenant),
 *                      checked when the session started and kept with the connection's credentials
 */
public record ConnectSession(
        String id,
        String providerKey,
        String connectionId,
        Secret state,
        Secret codeVerifier,
        URI redirectAfter,
        Map<String, String> metadata,
        Instant createdAt,
        Instant expiresAt,
        Map<String, String> connectionConfig) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    public ConnectSession {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException(
                    "a connect session id must be 1-128 characters of letters, digits, '.', '_', ':' or '-'");
        }
        Objects.requireNonNull(providerKey, "providerKey");
        if (connectionId != null && !Connection.isValidId(connectionId)) {
            throw new IllegalArgumentException("connectionId is not a valid connection id");
        }
        Objects.requireNonNull(state, "state");
        if (redirectAfter != null && !isHttpUrl(redirectAfter)) {
            throw new IllegalArgumentException("redirectAfter must be an absolute http or https URL");
        }
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        connectionConfig = connectionConfig == null ? Map.of() : Map.copyOf(connectionConfig);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (!expiresAt.isAfter(createdAt)) {
            throw new IllegalArgumentException("a connect session must expire after it is created");
        }
    }

    /** A session without per-connection settings. */
    public ConnectSession(String id, String providerKey, String connectionId, Secret state, Secret codeVerifier,
            URI redirectAfter, Map<String, String> metadata, Instant createdAt, Instant expiresAt) {
        this(id, providerKey, connectionId, state, codeVerifier, redirectAfter, metadata, createdAt, expiresAt,
                Map.of());
    }

    /** True when the session's {@code connectionId} names a connection to reconnect. */
    public boolean isReconnect() {
        return connectionId != null;
    }

    /** True when {@code url} is an absolute http or https URL with a host: the only kind a browser is sent to. */
    public static boolean isHttpUrl(URI url) {
        String scheme = url.getScheme();
        return url.isAbsolute() && url.getHost() != null
                && ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme));
    }
}
