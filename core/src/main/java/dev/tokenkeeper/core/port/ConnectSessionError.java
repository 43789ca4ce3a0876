package dev.tokenkeeper.core.port;

import dev.tokenkeeper.core.cause.Cause;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Why a connect session failed: a stable code (the provider's OAuth {@code error} when it sent one, else
 * Tokenkeeper's own), a description for people and the cause from Tokenkeeper's catalogue. None ever holds a token, a
 * code or a secret.
 *
 * @param code        1-64 characters of letters, digits, '.', '_' or '-'
 * @param description what happened, at most {@value #MAX_DESCRIPTION} characters
 * @param cause       why, from the catalogue (who acts and the fix); null only for a failure recorded before causes
 *                    were
 */
public record ConnectSessionError(String code, String description, Cause cause) {
    /** The longest description kept. */
    public static final int MAX_DESCRIPTION = 1000;
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public ConnectSessionError {
        if (code == null || !isValidCode(code)) {
            throw new IllegalArgumentException("an error code is 1-64 letters, digits, '.', '_' or '-'");
        }
        Objects.requireNonNull(description, "description");
        if (description.length() > MAX_DESCRIPTION) {
            description = description.substring(0, MAX_DESCRIPTION);
        }
    }

    /** A failure without a known cause. */
    public ConnectSessionError(String code, String description) {
        this(code, description, null);
    }

    /** True when {@code code} may be an error code (and so goes into a URL without harm). */
    public static boolean isValidCode(String code) {
        return CODE.matcher(code).matches();
    }
}
