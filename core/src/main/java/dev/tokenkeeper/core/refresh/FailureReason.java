package dev.tokenkeeper.core.refresh;

import dev.tokenkeeper.core.cause.Cause;
import dev.tokenkeeper.core.connection.StorableText;
import java.util.Objects;

/**
 * Why a refresh failed, in Tokenkeeper's stable words and the provider's own, with secrets already redacted and every
 * text made storable ({@link StorableText}: a NUL or unpaired surrogate becomes U+FFFD).
 *
 * @param code                Tokenkeeper's stable machine-readable code (e.g. {@code invalid_grant},
 *                            {@code rate_limited}, {@code timeout}, {@code refresh_interrupted})
 * @param message             one human-readable sentence
 * @param providerStatus      the HTTP status the provider answered, or null when no answer came
 * @param providerError       the provider's own error code (OAuth {@code error}, Slack's {@code error}), or null
 * @param providerDescription the provider's {@code error_description} or equivalent, truncated, or null
 * @param providerSubcode     a finer provider code when there is one (Microsoft {@code AADSTS700082},
 *                            Google's {@code reason}), or null
 * @param cause               the cause from Tokenkeeper's catalogue; when null, the usual cause of {@code code}
 */
public record FailureReason(
        String code,
        String message,
        Integer providerStatus,
        String providerError,
        String providerDescription,
        String providerSubcode,
        Cause cause) {

    /** Longest provider text kept, so a hostile body cannot bloat stored errors. */
    public static final int MAX_TEXT = 500;

    public FailureReason {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        code = StorableText.of(code);
        message = StorableText.of(truncate(message));
        providerError = StorableText.of(truncate(providerError));
        providerDescription = StorableText.of(truncate(providerDescription));
        providerSubcode = StorableText.of(truncate(providerSubcode));
        cause = cause == null ? CodeCauses.usualCause(code) : cause;
    }

    /** A reason whose cause is the usual one of its code. */
    public FailureReason(String code, String message, Integer providerStatus, String providerError,
            String providerDescription, String providerSubcode) {
        this(code, message, providerStatus, providerError, providerDescription, providerSubcode, null);
    }

    /** A reason with only Tokenkeeper's own code, message and cause. */
    public static FailureReason of(String code, String message, Cause cause) {
        return new FailureReason(code, message, null, null, null, null, cause);
    }

    /** The same reason with another cause. */
    public FailureReason withCause(Cause newCause) {
        return new FailureReason(code, message, providerStatus, providerError, providerDescription, providerSubcode,
                newCause);
    }

    /** A reason with only Tokenkeeper's own code and message. */
    public static FailureReason of(String code, String message) {
        return new FailureReason(code, message, null, null, null, null);
    }

    /** The same reason under another code (e.g. {@code refresh_interrupted}), keeping the provider's words. */
    public FailureReason withCode(String newCode, String newMessage) {
        return new FailureReason(newCode, newMessage, providerStatus, providerError, providerDescription,
                providerSubcode, cause == CodeCauses.usualCause(code) ? null : cause);
    }

    private static String truncate(String text) {
        if (text == null || text.length() <= MAX_TEXT) {
            return text;
        }
        return text.substring(0, MAX_TEXT) + "…";
    }
}
