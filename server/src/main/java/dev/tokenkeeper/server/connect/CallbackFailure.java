package dev.tokenkeeper.server.connect;

import dev.tokenkeeper.core.refresh.FailureReason;
import dev.tokenkeeper.core.refresh.Redactor;
import java.util.Objects;

/**
 * Why a callback did not connect, in words for the person in the browser: what happened, what to do, the HTTP status
 * and a stable code. It never holds a token, a code or a secret; provider text is redacted and cut.
 *
 * @param status   the HTTP status of the page
 * @param code     a stable machine-readable code, also shown on the page for support
 * @param headline the page's title
 * @param detail   what happened
 * @param advice   what to do now
 */
record CallbackFailure(int status, String code, String headline, String detail, String advice) {
    /** The longest provider text shown. */
    static final int MAX_PROVIDER_TEXT = 300;

    private static final String START_AGAIN = "Go back to the application and start connecting again.";
    private static final String TELL_ADMIN = "Please tell the application's administrator, quoting the code below.";
    private static final String TRY_LATER = "Wait a few minutes, then go back to the application and connect again.";

    CallbackFailure {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a failure's status is 4xx or 5xx, not " + status);
        }
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(headline, "headline");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(advice, "advice");
    }

    static CallbackFailure missingState() {
        return new CallbackFailure(400, "missing_state", "This link is incomplete",
                "The address has no state parameter, so it does not belong to a connection in progress.",
                START_AGAIN);
    }

    static CallbackFailure unknownState() {
        return new CallbackFailure(400, "unknown_state", "This link is not valid",
                "The address does not belong to any connection in progress (it may have been mistyped or be very"
                        + " old).", START_AGAIN);
    }

    static CallbackFailure alreadyUsed() {
        return new CallbackFailure(400, "session_used", "This link was already used",
                "Each connection link works once, and this one has been used already (perhaps the page was"
                        + " reloaded or opened twice). Nothing was changed this time.",
                "If the connection did not succeed the first time, go back to the application and start again.");
    }

    static CallbackFailure expired() {
        return new CallbackFailure(400, "session_expired", "This link has expired",
                "Connection links are valid for " + SessionStarter.SESSION_LIFETIME.toMinutes()
                        + " minutes, and this one ran out before the provider sent you back.", START_AGAIN);
    }

    static CallbackFailure accessDenied(String providerKey, String description) {
        return new CallbackFailure(403, "access_denied", "Access was not granted",
                providerKey + " says access was denied" + said(description)
                        + ", so no connection was made.",
                "To connect, go back to the application, start again and approve the access it asks for.");
    }

    static CallbackFailure authorizationError(String providerKey, String error, String description) {
        boolean transientError = "temporarily_unavailable".equals(error) || "server_error".equals(error);
        return new CallbackFailure(transientError ? 503 : 502, "authorization_error",
                "The provider could not authorize the connection",
                providerKey + " answered with the error '" + providerText(error) + "'" + said(description) + ".",
                transientError ? TRY_LATER : TELL_ADMIN);
    }

    static CallbackFailure missingCode(String providerKey) {
        return new CallbackFailure(400, "missing_code", "No authorization code",
                providerKey + " sent you back without an authorization code or an error.", START_AGAIN);
    }

    static CallbackFailure providerRemoved(String providerKey) {
        return new CallbackFailure(409, "provider_removed", "The provider is no longer set up",
                "The provider '" + providerKey + "' was removed from Tokenkeeper while you were connecting.",
                TELL_ADMIN);
    }

    static CallbackFailure connectionConfigChanged(String providerKey, String problem) {
        return new CallbackFailure(409, "connection_config_invalid", "The provider's setup changed",
                "The provider '" + providerKey + "' changed while you were connecting: " + problem + ".",
                TELL_ADMIN);
    }

    static CallbackFailure connectionTaken(String connectionId) {
        return new CallbackFailure(409, "connection_taken", "The connection changed meanwhile",
                "The connection '" + connectionId + "' now belongs to another provider, so it was not changed.",
                TELL_ADMIN);
    }

    static CallbackFailure accountChanged(String providerKey) {
        return new CallbackFailure(409, "account_changed", "A different account was used",
                "You signed in to " + providerKey + " with a different account than the one this connection belongs"
                        + " to, so the connection was not changed and keeps its original account.",
                "Sign in to " + providerKey + " with the original account (sign out of the other account there"
                        + " first), then try again: open the reconnect link again, or go back to the application.");
    }

    static CallbackFailure busy(String connectionId) {
        return new CallbackFailure(503, "connection_busy", "The connection is busy",
                "The connection '" + connectionId + "' kept changing while the new access was being saved.",
                TRY_LATER);
    }

    static CallbackFailure codeRefused(String providerKey, FailureReason reason) {
        return new CallbackFailure(400, "code_refused", "The provider refused the authorization",
                providerKey + " did not accept the authorization code" + saidBy(reason)
                        + ". Codes are short-lived and work once.", START_AGAIN);
    }

    static CallbackFailure clientRefused(String providerKey, FailureReason reason) {
        return new CallbackFailure(502, "client_refused", "The provider rejected Tokenkeeper's credentials",
                providerKey + " did not accept the client id or secret configured for it" + saidBy(reason) + ".",
                TELL_ADMIN + " The provider's configuration in Tokenkeeper must be fixed.");
    }

    static CallbackFailure providerTimeout(String providerKey) {
        return new CallbackFailure(504, "provider_timeout", "The provider did not answer in time",
                providerKey + " did not answer the token request in time.", TRY_LATER);
    }

    static CallbackFailure providerUnavailable(String providerKey, FailureReason reason) {
        return new CallbackFailure(502, "provider_unavailable", "The provider could not complete the connection",
                providerKey + " did not give usable tokens" + saidBy(reason) + ".", TRY_LATER);
    }

    static CallbackFailure internal(String incident) {
        return new CallbackFailure(500, "internal_error", "Something went wrong",
                "Tokenkeeper failed to complete the connection (incident " + incident + ").", TELL_ADMIN);
    }

    private static String said(String description) {
        return description == null ? "" : " (\u201c" + providerText(description) + "\u201d)";
    }

    /** "(HTTP 400, invalid_grant: “…”)": the provider's status, its error code (else ours), its description. */
    private static String saidBy(FailureReason reason) {
        StringBuilder said = new StringBuilder(" (");
        if (reason.providerStatus() != null) {
            said.append("HTTP ").append(reason.providerStatus()).append(", ");
        }
        said.append(reason.providerError() != null ? providerText(reason.providerError()) : reason.code());
        if (reason.providerDescription() != null) {
            said.append(": \u201c").append(providerText(reason.providerDescription())).append('\u201d');
        }
        return said.append(')').toString();
    }

    /** Provider text as shown: secrets redacted, at most {@value #MAX_PROVIDER_TEXT} characters. */
    private static String providerText(String text) {
        return Redactor.redactText(Redactor.cut(text.strip(), MAX_PROVIDER_TEXT));
    }
}
