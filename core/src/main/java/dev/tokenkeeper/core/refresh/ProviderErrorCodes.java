package dev.tokenkeeper.core.refresh;

import dev.tokenkeeper.core.cause.Cause;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** How the default rules read a provider's error code, in any letter case. */
final class ProviderErrorCodes {

    /** RFC 6749 §5.2 codes, kept as Tokenkeeper's code when a provider sends one. */
    private static final Set<String> STANDARD = Set.of("invalid_request", "invalid_client", "invalid_grant",
            "unauthorized_client", "unsupported_grant_type", "invalid_scope");

    /** Words of an {@code invalid_request} description that point at how the client authenticated. */
    private static final List<String> CLIENT_AUTH_WORDS = List.of("client_secret", "client secret", "client_id",
            "client id", "client authentication", "client credentials", "authorization header", "basic auth",
            "authentication method", "credentials");
    /** Obviously transient codes, with Tokenkeeper's code for each. */
    private static final Map<String, String> TRANSIENT = Map.of(
            "temporarily_unavailable", "temporarily_unavailable",
            "server_error", "server_error",
            "internal_error", "server_error",
            "service_unavailable", "server_error",
            "ratelimited", "rate_limited",
            "rate_limited", "rate_limited",
            "rate_limit_exceeded", "rate_limited",
            "slow_down", "rate_limited");

    private ProviderErrorCodes() {}

    /** Tokenkeeper's code for an obviously transient provider code, if it is one. */
    static Optional<String> transientCode(String providerCode) {
        return Optional.ofNullable(TRANSIENT.get(normalize(providerCode)));
    }

    /** The RFC 6749 code, if the provider sent one. */
    static Optional<String> standardCode(String providerCode) {
        String normalized = normalize(providerCode);
        return STANDARD.contains(normalized) ? Optional.of(normalized) : Optional.empty();
    }

    /**
     * The cause of an RFC 6749 error other than {@code invalid_grant}: all of them are the operator's (the client, its
     * scopes, or the request's shape), never the end user's.
     */
    static Cause configCause(String standardCode, ProviderError words) {
        return switch (standardCode) {
            case "invalid_client" -> Cause.CLIENT_CREDENTIALS_REJECTED;
            case "unauthorized_client" -> Cause.CLIENT_NOT_AUTHORIZED;
            case "invalid_scope" -> Cause.SCOPE_INVALID;
            case "invalid_request" -> aboutClientAuth(words) ? Cause.CLIENT_AUTH_METHOD_WRONG
                    : Cause.REFRESH_REQUEST_MALFORMED;
            default -> Cause.REFRESH_REQUEST_MALFORMED;
        };
    }

    private static boolean aboutClientAuth(ProviderError words) {
        String said = words.description() == null ? "" : words.description().toLowerCase(Locale.ROOT);
        return CLIENT_AUTH_WORDS.stream().anyMatch(said::contains);
    }

    private static String normalize(String providerCode) {
        return providerCode == null ? "" : providerCode.strip().toLowerCase(Locale.ROOT);
    }
}
