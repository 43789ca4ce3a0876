package dev.tokenkeeper.client.problem;

/** No answer came: the connection was refused or broke, the request timed out, or the thread was interrupted. */
public final class TokenkeeperTransportException extends TokenkeeperException {
    public TokenkeeperTransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
