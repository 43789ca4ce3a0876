package dev.tokenkeeper.client.problem;

/** A call to Tokenkeeper that did not succeed: an error answer, or no answer. */
public abstract sealed class TokenkeeperException extends RuntimeException
        permits TokenkeeperHttpException, TokenkeeperTransportException {
    TokenkeeperException(String message, Throwable cause) {
        super(message, cause);
    }
}
