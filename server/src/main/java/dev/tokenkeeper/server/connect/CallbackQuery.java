package dev.tokenkeeper.server.connect;

/**
 * The parameters a provider sends back to the callback (RFC 6749 §4.1.2), each null when absent or blank.
 *
 * @param state            the session's state
 * @param code             the authorization code, on success
 * @param error            the provider's error code, on failure ({@code access_denied}…)
 * @param errorDescription the provider's explanation of the error
 */
record CallbackQuery(String state, String code, String error, String errorDescription) {
    CallbackQuery {
        state = blankToNull(state);
        code = blankToNull(code);
        error = blankToNull(error);
        errorDescription = blankToNull(errorDescription);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
