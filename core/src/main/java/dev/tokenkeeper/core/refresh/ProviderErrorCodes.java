package dev.tokenkeeper.core.refresh;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** How the default rules read a provider's error code, in any letter case. */
final class ProviderErrorCodes {

    /** RFC 6749 §5.2 codes, kept as Tokenkeeper's code when a provider sends one. */
    private static final Set<String> STANDARD = Set.of("invalid_request", "invalid_client", "invalid_grant",
            "unauthorized_client", "unsupported_grant_type", "invalid_scope");

    private static final Set<String> MISCONFIGURATION = Set.of("invalid_client", "unauthorized_client");

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

    /** True when the code says the client itself is wrong ({@code invalid_client}, {@code unauthorized_client}). */
    static boolean isMisconfiguration(String providerCode) {
        return MISCONFIGURATION.contains(normalize(providerCode));
    }

    /** Tokenkeeper's code for an obviously transient provider code, if it is one. */
    static Optional<String> transientCode(String providerCode) {
        return Optional.ofNullable(TRANSIENT.get(normalize(providerCode)));
    }

    /** The RFC 6749 code, if the provider sent one. */
    static Optional<String> standardCode(String providerCode) {
        String normalized = normalize(providerCode);
        return STANDARD.contains(normalized) ? Optional.of(normalized) : Optional.empty();
    }

    private static String normalize(String providerCode) {
        return providerCode == null ? "" : providerCode.strip().toLowerCase(Locale.ROOT);
    }
}
