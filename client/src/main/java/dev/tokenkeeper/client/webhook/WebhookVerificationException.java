package dev.tokenkeeper.client.webhook;

/** A webhook not to be trusted: a header is missing, the timestamp is too far from now, or no signature matches. */
public final class WebhookVerificationException extends RuntimeException {
    public WebhookVerificationException(String message) {
        super(message);
    }
}
