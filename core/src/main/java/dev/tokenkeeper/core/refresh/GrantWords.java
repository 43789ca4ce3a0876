package dev.tokenkeeper.core.refresh;

import dev.tokenkeeper.core.cause.Cause;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads why a provider says a grant is dead from its own words: the error code, subcode and description of an
 * {@code invalid_grant} answer (or a provider's equivalent). Order matters: the most specific reason wins.
 */
final class GrantWords {
    /**
     * Providers' error codes that mean, like {@code invalid_grant}, that the grant itself is dead (Slack's
     * {@code invalid_auth} on a refresh says the refresh token is not valid).
     */
    private static final Set<String> DEAD_GRANT_CODES = Set.of("invalid_grant", "token_revoked", "invalid_auth",
            "invalid_refresh_token", "refresh_token_expired", "refresh_token_revoked", "expired_refresh_token",
            "token_expired", "expired_token", "account_inactive", "user_not_found");

    private static final Pattern REFRESH_TOKEN = Pattern.compile("(?i)refresh[ _-]?token");
    private static final Pattern DEAD = Pattern.compile("(?i)expired|revoked|\\binvalid\\b|not valid|no longer valid"
            + "|not found|unknown|reuse|already used|already been used|been rotated");

    private GrantWords() {}

    /**
     * True when the provider's description says, whatever its error code, that the refresh token itself is dead
     * ("Invalid refresh token", "The refresh token has expired"): a provider's own words that the grant is dead.
     */
    static boolean saysRefreshTokenIsDead(ProviderError words) {
        String said = words.description() == null ? "" : words.description();
        return REFRESH_TOKEN.matcher(said).find() && DEAD.matcher(said).find();
    }

    /** True when the provider's code says the grant is dead (OAuth's {@code invalid_grant} or an equivalent). */
    static boolean saysGrantIsDead(String providerCode) {
        return providerCode != null && DEAD_GRANT_CODES.contains(providerCode.strip().toLowerCase(Locale.ROOT));
    }

    /** The cause the provider's words name, {@link Cause#GRANT_INVALID} when they name none. */
    static Cause causeOf(ProviderError words) {
        String said = String.join(" ", text(words.error()), text(words.subcode()), text(words.description()))
                .toLowerCase(Locale.ROOT);
        if (containsAny(said, "reuse", "already used", "already been used", "replay", "been rotated", "redeemed",
                "used before", "used more than once")) {
            return Cause.REFRESH_TOKEN_REUSED;
        }
        if (said.contains("password")) {
            return Cause.PASSWORD_CHANGED;
        }
        if (containsAny(said, "limit exceeded", "too many", "token limit", "maximum number")) {
            return Cause.REFRESH_TOKEN_LIMIT_EXCEEDED;
        }
        if (containsAny(said, "invalid_rapt", "reauth", "interaction_required", "multi-factor", "mfa ",
                "sign in again", "conditional access")) {
            return Cause.REAUTHENTICATION_REQUIRED;
        }
        if (containsAny(said, "disabled", "deactivated", "suspended", "inactive", "deleted", "locked",
                "user_not_found", "user not found", "account not found", "no longer exists")) {
            return Cause.ACCOUNT_DISABLED;
        }
        boolean expired = said.contains("expire");
        boolean revoked = said.contains("revoke");
        if (expired && revoked) {
            return Cause.GRANT_EXPIRED_OR_REVOKED;
        }
        if (revoked) {
            return Cause.GRANT_REVOKED;
        }
        return expired ? Cause.GRANT_EXPIRED : Cause.GRANT_INVALID;
    }

    private static boolean containsAny(String text, String... needles) {
        for (String needle : needles) {
            if (text.contains(needle)) {
                return true;
            }
        }
        return false;
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
