package dev.tokenkeeper.client.webhook;

/** A webhook that must not be trusted: a header is missing, the timestamp is too old or new, or no signature matches. */
public final class WebhookVerificationException extends RuntimeException {
    public WebhookVerificationException(String message) {
        super(message);
    }
}
