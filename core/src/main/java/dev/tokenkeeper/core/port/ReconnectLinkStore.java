package dev.tokenkeeper.core.port;

import dev.tokenkeeper.core.token.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Optional;

/**
 * The reconnect links sent to end users, found by their token, and the connect sessions started from them. An adapter
 * keeps only the {@link #tokenHash SHA-256} of a link's token, never the token.
 */
public interface ReconnectLinkStore {

    /** Stores a new link whose token is {@code token}; a second link with the same id or token is a bug (throws). */
    void create(ReconnectLink link, Secret token);

    /** The link whose token is {@code token}, or empty. */
    Optional<ReconnectLink> byToken(Secret token);

    /** Revokes the link (keeping the first revocation time) and answers it, or empty when there is no such link. */
    Optional<ReconnectLink> revoke(String id, Instant now);

    /** Remembers that the connect session was started from the link (which must exist). */
    void startedSession(String linkId, String sessionId);

    /** Marks used the link the completed session was started from, if any (and not used yet). */
    void sessionCompleted(String sessionId, Instant now);

    /** Deletes the links that expired, or were used, before {@code before} (and their sessions); answers how many. */
    int purge(Instant before);

    /** The SHA-256 of a token, the only form of it a store keeps. */
    static byte[] tokenHash(Secret token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.reveal().getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
