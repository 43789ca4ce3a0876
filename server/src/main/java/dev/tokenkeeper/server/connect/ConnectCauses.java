package dev.tokenkeeper.server.connect;

import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.core.refresh.FailureReason;
import java.util.Locale;

/**
 * The cause of a failed connect, from the catalogue: what the provider's {@code error} at the callback means, or what
 * a refused code exchange means during connect (where a dead grant is not the user's old grant but the code just
 * issued, so it is {@link Cause#CODE_EXCHANGE_FAILED}).
 */
final class ConnectCauses {
    private ConnectCauses() {}

    /** The cause of an OAuth {@code error} the provider redirected back with (RFC 6749 §4.1.2.1). */
    static Cause ofAuthorizationError(String error, String description) {
        if (mentionsRedirect(error) || "invalid_request".equals(error) && mentionsRedirect(description)) {
            return Cause.REDIRECT_URI_MISMATCH;
        }
        return switch (error) {
            case "access_denied", "consent_required", "interaction_required", "login_required" -> Cause.ACCESS_DENIED;
            case "invalid_scope" -> Cause.SCOPE_INVALID;
            case "unauthorized_client" -> Cause.CLIENT_NOT_AUTHORIZED;
            case "invalid_client" -> Cause.CLIENT_CREDENTIALS_REJECTED;
            case "server_error", "temporarily_unavailable" -> Cause.PROVIDER_OUTAGE;
            default -> Cause.AUTHORIZATION_FAILED;
        };
    }

    /**
     * The cause of a code exchange that gave no tokens: a refusal that names the redirect URI is
     * {@link Cause#REDIRECT_URI_MISMATCH}; a refusal of the code itself (invalid_grant) or of the request is
     * {@link Cause#CODE_EXCHANGE_FAILED}; a config or transport cause (rejected client credentials, a wrong token URL,
     * an unreachable host, a timeout) is kept as the classification named it.
     */
    static Cause ofExchange(FailureReason reason) {
        String error = reason.providerError();
        if ("redirect_uri_mismatch".equals(error) || ("invalid_grant".equals(error)
                || "invalid_request".equals(error)) && mentionsRedirect(reason.providerDescription())) {
            return Cause.REDIRECT_URI_MISMATCH;
        }
        Cause classified = reason.cause();
        if (classified.zone() == Cause.Zone.GRANT || classified == Cause.REFRESH_REQUEST_MALFORMED) {
            return Cause.CODE_EXCHANGE_FAILED;
        }
        return classified;
    }

    private static boolean mentionsRedirect(String text) {
        return text != null && text.toLowerCase(Locale.ROOT).contains("redirect");
    }
}
