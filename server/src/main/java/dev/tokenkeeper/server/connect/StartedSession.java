package dev.tokenkeeper.server.connect;

import dev.tokenkeeper.core.port.ConnectSession;
import java.net.URI;
import java.util.Objects;

/**
 * A connect session just stored, with the URL to send the user's browser to.
 *
 * @param session      the stored session
 * @param authorizeUrl the provider's authorization request for it
 */
record StartedSession(ConnectSession session, URI authorizeUrl) {
    StartedSession {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(authorizeUrl, "authorizeUrl");
    }
}
